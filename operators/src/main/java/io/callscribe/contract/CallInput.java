package io.callscribe.contract;

import java.util.Objects;

/**
 * One record read from {@code call-audio} or {@code call-events}: a frame, an event, or a dead
 * letter for a record that could not be read. Exactly one field is set; build it with
 * {@link #of(AudioFrame)}, {@link #of(CallEvent)} or {@link #rejected(DeadLetter)}.
 *
 * <p>A record with nullable fields rather than a sealed interface: Flink serializes records as POJOs
 * (fast, evolvable), while an interface would fall back to Kryo. The canonical constructor does not
 * enforce "exactly one" because Flink's serializer may create an all-null instance to fill in.
 */
public record CallInput(AudioFrame frame, CallEvent event, DeadLetter deadLetter) {

    public enum Kind {
        FRAME,
        EVENT,
        DEAD_LETTER
    }

    public static CallInput of(AudioFrame frame) {
        return new CallInput(Objects.requireNonNull(frame, "frame"), null, null);
    }

    public static CallInput of(CallEvent event) {
        return new CallInput(null, Objects.requireNonNull(event, "event"), null);
    }

    public static CallInput rejected(DeadLetter deadLetter) {
        return new CallInput(null, null, Objects.requireNonNull(deadLetter, "deadLetter"));
    }

    public Kind kind() {
        if (frame != null) {
            return Kind.FRAME;
        }
        if (event != null) {
            return Kind.EVENT;
        }
        if (deadLetter != null) {
            return Kind.DEAD_LETTER;
        }
        throw new IllegalStateException("an empty CallInput; build one with CallInput.of or CallInput.rejected");
    }

    /** The call this input belongs to; a dead letter's record key, which may be null. */
    public String callId() {
        return switch (kind()) {
            case FRAME -> frame.callId();
            case EVENT -> event.callId();
            case DEAD_LETTER -> deadLetter.key();
        };
    }
}
