package io.callscribe.replay;

import io.callscribe.contract.AudioFrame;
import io.callscribe.contract.CallEvent;
import java.util.Objects;
import java.util.function.Consumer;

/** Where a replayed call goes: its started event, its frames in arrival order, its ended event. */
public interface ReplaySink {

    void callStarted(CallEvent started);

    void frame(AudioFrame frame);

    void callEnded(CallEvent ended);

    /** A sink that passes frames on and ignores the call's events. */
    static ReplaySink of(Consumer<AudioFrame> frames) {
        Objects.requireNonNull(frames, "frames");
        return new ReplaySink() {
            @Override
            public void callStarted(CallEvent started) {
            }

            @Override
            public void frame(AudioFrame frame) {
                frames.accept(frame);
            }

            @Override
            public void callEnded(CallEvent ended) {
            }
        };
    }
}
