package io.callscribe.models;

import java.util.List;
import java.util.Optional;

/** The model families the pipeline can run, and the file roles each needs in its folder. */
public enum ModelKind {
    /** Moonshine encoder-decoder speech recognizer plus its LLaMA SentencePiece vocabulary. */
    MOONSHINE("moonshine", List.of(ModelKind.ENCODER, ModelKind.DECODER, ModelKind.TOKENS)),
    /** Silero voice activity detector. */
    SILERO_VAD("silero-vad", List.of(ModelKind.MODEL));

    public static final String ENCODER = "encoder";
    public static final String DECODER = "decoder";
    public static final String TOKENS = "tokens";
    public static final String MODEL = "model";

    private final String id;
    private final List<String> roles;

    ModelKind(String id, List<String> roles) {
        this.id = id;
        this.roles = roles;
    }

    /** The name used in manifest.json ({@code "moonshine"}, {@code "silero-vad"}). */
    public String id() {
        return id;
    }

    /** The file roles a folder of this kind must provide. */
    public List<String> roles() {
        return roles;
    }

    public static Optional<ModelKind> of(String id) {
        for (ModelKind kind : values()) {
            if (kind.id.equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
