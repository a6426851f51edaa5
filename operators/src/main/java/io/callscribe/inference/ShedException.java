package io.callscribe.inference;

/** A partial request dropped under load or superseded by a newer partial of the same leg. */
public final class ShedException extends RuntimeException {
    public ShedException(String reason) {
        super(reason, null, false, false);
    }
}
