package io.callscribe.bench;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.eval.EvalManifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two-leg calls of an evaluation set: each {@code calls/agent} channel with its {@code calls/caller} twin. */
public final class CallPairs {

    private CallPairs() {}

    /**
     * Copy {@code copy} of {@code copies} of a call for a load run: both legs rotated by
     * {@code copy / copies} of the call's length (what falls off the front is played at the end),
     * so that copies of one call replayed together do not speak in unison. Independent calls reach
     * their endpoints at independent times; copies in lockstep would send the same utterance's final
     * several times at once.
     */
    public static AudioClip[] copy(Path[] call, int copy, int copies) throws IOException {
        AudioClip agent = AudioFiles.read(call[0]);
        AudioClip customer = AudioFiles.read(call[1]);
        double shiftSeconds = (double) agent.frameCount() / agent.sampleRate() * (copy % copies) / copies;
        return new AudioClip[] {rotated(agent, shiftSeconds), rotated(customer, shiftSeconds)};
    }

    private static AudioClip rotated(AudioClip clip, double shiftSeconds) {
        float[][] channels = new float[clip.channelCount()][];
        for (int c = 0; c < channels.length; c++) {
            float[] in = clip.channel(c);
            int shift = in.length == 0 ? 0 : (int) Math.round(shiftSeconds * clip.sampleRate()) % in.length;
            float[] out = new float[in.length];
            System.arraycopy(in, shift, out, 0, in.length - shift);
            System.arraycopy(in, 0, out, in.length - shift, shift);
            channels[c] = out;
        }
        return new AudioClip(channels, clip.sampleRate());
    }

    /** @return agent and customer recordings per call, from the set's {@code calls_manifest.tsv} */
    public static List<Path[]> of(Path set) {
        List<Path[]> calls = new ArrayList<>();
        for (EvalManifest.Entry e : EvalManifest.read(set.resolve("calls_manifest.tsv"))) {
            if (e.audio().getParent().getFileName().toString().equals("agent")) {
                calls.add(new Path[] {e.audio(), e.audio().getParent().resolveSibling("caller").resolve(e.audio().getFileName())});
            }
        }
        return calls;
    }
}
