package io.callscribe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
