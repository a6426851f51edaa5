package io.callscribe.transcribe;

import io.callscribe.audio.AudioClip;
import io.callscribe.audio.AudioFiles;
import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import io.callscribe.contract.CallInput;
import io.callscribe.contract.Codec;
import io.callscribe.contract.DeadLetter;
import io.callscribe.contract.Leg;
import io.callscribe.replay.CallReplayer;
import io.callscribe.replay.ReplaySink;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Turns a recording into exactly what the live job reads for a call: a started event, the legs'
 * audio as 20 ms L16 frames in capture order (at the file's own rate, which the job resamples as it
 * does live L16; rates that do not divide into 20 ms frames are resampled to 16 kHz first) and an
 * ended event. The call's clock starts at the file's modification time. An unreadable file becomes
 * a dead letter with reason {@code unreadable-recording}, counted in {@code recordings.unreadable}.
 */
public final class RecordingReader extends RichFlatMapFunction<Recording, CallInput> {

    public static final String UNREADABLE = "unreadable-recording";
    private static final int FRAME_MS = 20;

    private final String tenant;
    private final Leg monoLeg;
    private transient Counter frames;
    private transient Counter unreadable;

    /** @param monoLeg the leg a one-channel recording is */
    public RecordingReader(String tenant, Leg monoLeg) {
        this.tenant = tenant;
        this.monoLeg = monoLeg;
    }

    @Override
    public void open(OpenContext context) {
        var group = getRuntimeContext().getMetricGroup().addGroup("recordings");
        frames = group.counter("frames");
        unreadable = group.counter("unreadable");
    }

    @Override
    public void flatMap(Recording recording, Collector<CallInput> out) throws Exception {
        CallReplayer call;
        try {
            Path file = Path.of(recording.file());
            AudioClip clip = AudioFiles.read(file);
            CallReplayer.Builder builder = CallReplayer.builder().tenant(tenant).callId(recording.callId()).codec(Codec.L16)
                    .l16SampleRate(frameable(clip.sampleRate()) ? clip.sampleRate() : 16000).frameMillis(FRAME_MS)
                    .startTimeMs(Files.getLastModifiedTime(file).toMillis()).seed(0);
            call = switch (clip.channelCount()) {
                case 1 -> builder.singleLeg(monoLeg, clip).build();
                case 2 -> builder.stereo(clip).build();
                default -> throw new IllegalArgumentException(clip.channelCount()
                        + " channels: a call recording has one (a single leg) or two (agent, customer)");
            };
        } catch (Exception e) {
            unreadable.inc();
            out.collect(CallInput.rejected(new DeadLetter(DeadLetter.VERSION, recording.file(), UNREADABLE,
                    String.valueOf(e.getMessage()), recording.callId(),
                    Base64.getEncoder().encodeToString(recording.file().getBytes(StandardCharsets.UTF_8)), System.currentTimeMillis())));
            return;
        }
        call.replay(new ReplaySink() {
            @Override
            public void callStarted(CallEvent started) {
                out.collect(CallInput.of(started));
            }

            @Override
            public void frame(AudioFrame frame) {
                frames.inc();
                out.collect(CallInput.of(frame));
            }

            @Override
            public void callEnded(CallEvent ended) {
                out.collect(CallInput.of(ended));
            }
        });
    }

    private static boolean frameable(int sampleRate) {
        return sampleRate >= 8000 && sampleRate <= 48000 && sampleRate * FRAME_MS % 1000 == 0;
    }
}
