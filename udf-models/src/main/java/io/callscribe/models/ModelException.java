package io.callscribe.models;

/** A model is missing, malformed or cannot be fetched; the message says what to do about it. */
public class ModelException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
