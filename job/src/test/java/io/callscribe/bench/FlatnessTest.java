package io.callscribe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatnessTest {

    @Test
    void growthUnderTenPercentFromTheFirstToTheLastThirdIsFlat() {
        // first third 100, 110 (mean 105), last third 112, 114 (mean 113): +7.6 %
        Flatness f = Flatness.of("heap", List.of(100, 110, 300, 90, 112, 114));
        assertEquals("flat", f.verdict());
        assertEquals(105, f.firstThird(), 1e-9);
        assertEquals(113, f.lastThird(), 1e-9);
        assertEquals(113.0 / 105 - 1, f.growth(), 1e-12);
    }

    @Test
    void growthOfTenPercentOrMoreGrows() {
        assertEquals("GROWS", Flatness.of("heap", List.of(100, 105, 110)).verdict());
        assertEquals("flat", Flatness.of("heap", List.of(100, 105, 109)).verdict());
    }

    @Test
    void aSawtoothIsFlatWhereASteadyClimbThroughTheSameScatterGrows() {
        // RocksDB's files in a 32-leg soak (MB, every 30 s): compactions make them jump by half
        List<Double> sawtooth = List.of(1.4, 2.3, 1.8, 1.5, 1.3, 2.7, 1.8, 1.8, 1.1, 2.3, 2.4, 1.5, 1.6, 3.0, 2.1, 1.9, 1.2, 2.9, 2.3, 2.3);
        Flatness f = Flatness.of("RocksDB", sawtooth);
        assertTrue(f.growth() >= Flatness.MAX_GROWTH, "+" + f.growth());
        assertTrue(f.noise() > f.growth(), "within the scatter: " + f.noise());
        assertEquals("flat", f.verdict());

        List<Double> climbing = new ArrayList<>();
        for (int i = 0; i < sawtooth.size(); i++) {
            climbing.add(sawtooth.get(i) + 0.05 * i); // 0.1 MB a minute
        }
        assertEquals("GROWS", Flatness.of("RocksDB", climbing).verdict());
    }

    @Test
    void unreadableSamplesAreLeftOutAndFewerThanThreeCannotBeJudged() {
        assertEquals("n/a", Flatness.of("off-heap", List.of(-1, 100, -1, 200)).verdict());
        assertEquals("flat", Flatness.of("off-heap", List.of(-1, 100, 50, 100)).verdict());
    }

    @Test
    void fromZeroOnlyZeroIsFlat() {
        Flatness grows = Flatness.of("checkpoint", List.of(0, 0, 5));
        assertEquals("GROWS", grows.verdict());
        assertNull(grows.growth());
        assertEquals("flat", Flatness.of("checkpoint", List.of(0, 3, 0)).verdict());
    }
}
