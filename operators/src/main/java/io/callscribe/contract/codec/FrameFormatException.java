package io.callscribe.contract.codec;

import java.util.Objects;

/** An input record that cannot be used, with a stable {@link FrameRejection reason} and a message for humans. */
public final class FrameFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FrameRejection reason;

    public FrameFormatException(FrameRejection reason, String message) {
        // Bad input is data, not a bug, and can arrive at line rate: skip the stack trace.
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FrameRejection reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "FrameFormatException[" + reason.code() + "]: " + getMessage();
    }
}
