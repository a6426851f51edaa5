package io.callscribe.models.asr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.callscribe.models.ModelDirectory;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Speech segments (16 kHz mono, [-1, 1]) to transcripts with word confidences: Moonshine's encoder,
 * then greedy or beam search over its cached decoder, then words. Thread-safe; build one per model
 * and share it, the ONNX sessions underneath are shared anyway.
 */
public final class MoonshineRecognizer implements AutoCloseable {

    public static final int SAMPLE_RATE = 16000;
    /** Shorter clips are zero-padded to this: the encoder's strided convolutions need some length. */
    static final int MIN_SAMPLES = SAMPLE_RATE / 2;

    private final String modelId;
    private final MoonshineModel model;
    private final RecognizerConfig config;
    private final Vocabulary vocabulary;
    private final WordAssembler assembler;

    private MoonshineRecognizer(Builder b) {
        this.modelId = b.modelId;
        this.config = b.config;
        this.model = MoonshineModel.open(b.encoder, b.decoder, b.options);
        ConfidenceCalibration calibration = b.calibration != null ? b.calibration : ConfidenceCalibration.shippedFor(b.modelId);
        this.vocabulary = Vocabulary.load(b.tokens);
        this.assembler = new WordAssembler(vocabulary, calibration);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String modelId() {
        return modelId;
    }

    public RecognizerConfig config() {
        return config;
    }

    /** The model's tokens: what hot phrases are compiled against. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public ExecutionProvider provider() {
        return model.provider();
    }

    public Transcript recognize(float[] audio) {
        return recognizeAll(List.of(audio), List.of(DecodingBias.NONE)).get(0);
    }

    public Transcript recognize(float[] audio, DecodingBias bias) {
        return recognizeAll(List.of(audio), List.of(bias)).get(0);
    }

    public List<Transcript> recognizeAll(List<float[]> segments) {
        return recognizeAll(segments, Collections.nCopies(segments.size(), DecodingBias.NONE));
    }

    /**
     * Recognizes many segments; greedy search batches segments of similar length into one model
     * call each (see {@link RecognizerConfig#maxBatchLengthRatio()}). Results are in input order.
     */
    public List<Transcript> recognizeAll(List<float[]> segments, List<DecodingBias> biases) {
        return recognizeAll(segments, biases, () -> false);
    }

    /**
     * As {@link #recognizeAll(List, List)}, stoppable: {@code stop} is checked before every decoder
     * step, and once it is true the call ends with a {@link java.util.concurrent.CancellationException}.
     */
    public List<Transcript> recognizeAll(List<float[]> segments, List<DecodingBias> biases, BooleanSupplier stop) {
        if (segments.size() != biases.size()) {
            throw new IllegalArgumentException("one bias per segment expected");
        }
        DecodedTokens[] decoded = new DecodedTokens[segments.size()];
        Transcript[] out = new Transcript[segments.size()];
        try {
            if (config.beamWidth() == 1) {
                for (int[] group : lengthGroups(segments)) {
                    decodeGreedy(segments, biases, group, decoded, stop);
                }
            } else {
                for (int i = 0; i < segments.size(); i++) {
                    try (OnnxTensor encoded = encodeAlone(segments.get(i))) {
                        decoded[i] = decodeAlone(encoded, segments.get(i).length, biases.get(i), false, stop);
                    }
                }
            }
            for (int i = 0; i < segments.size(); i++) {
                DecodedTokens d = decoded[i].tokens().isEmpty() ? wordFirst(segments.get(i), biases.get(i), stop) : decoded[i];
                out[i] = transcript(d, segments.get(i).length, biases.get(i));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("Moonshine inference failed: " + e.getMessage(), e);
        }
        return Arrays.asList(out);
    }

    private void decodeGreedy(List<float[]> segments, List<DecodingBias> biases, int[] group, DecodedTokens[] out,
            BooleanSupplier stop) throws OrtException {
        float[][] clips = new float[group.length][];
        int[] budgets = new int[group.length];
        DecodingBias[] groupBiases = new DecodingBias[group.length];
        int longest = 0;
        for (int g = 0; g < group.length; g++) {
            clips[g] = segments.get(group[g]);
            budgets[g] = config.tokenBudget(clips[g].length, SAMPLE_RATE);
            groupBiases[g] = Objects.requireNonNull(biases.get(group[g]), "bias");
            longest = Math.max(longest, clips[g].length);
        }
        try (OnnxTensor encoded = model.encode(clips, clips.length, paddedLength(longest))) {
            List<DecodedTokens> decoded = GreedySearch.decode(model, encoded, budgets, groupBiases, false, stop);
            for (int g = 0; g < group.length; g++) {
                out[group[g]] = decoded.get(g);
            }
        }
    }

    /**
     * A segment the model ended at once on, decoded again with the end withheld at the first step. A
     * segment comes here because the VAD found speech in it, and the model does end at once on some
     * (moonshine-base on the sample call's 5.7 s agent utterance at 37.2 s); Whisper's decoders
     * withhold it the same way. Encoded alone: where the model is this unsure, the numbers of a
     * batched encoding could change the words.
     */
    private DecodedTokens wordFirst(float[] clip, DecodingBias bias, BooleanSupplier stop) throws OrtException {
        try (OnnxTensor encoded = encodeAlone(clip)) {
            return decodeAlone(encoded, clip.length, bias, true, stop).withFlag(TranscriptFlag.END_AT_START);
        }
    }

    private OnnxTensor encodeAlone(float[] clip) throws OrtException {
        return model.encode(new float[][] {clip}, 1, paddedLength(clip.length));
    }

    private DecodedTokens decodeAlone(OnnxTensor encoded, int samples, DecodingBias bias, boolean wordFirst, BooleanSupplier stop)
            throws OrtException {
        int budget = config.tokenBudget(samples, SAMPLE_RATE);
        return config.beamWidth() == 1
                ? GreedySearch.decode(model, encoded, new int[] {budget}, new DecodingBias[] {bias}, wordFirst, stop).get(0)
                : BeamSearch.decode(model, encoded, config.beamWidth(), budget, bias, wordFirst, stop);
    }

    private static int paddedLength(int samples) {
        return Math.max(samples, MIN_SAMPLES);
    }

    /** Indices grouped by similar length, each group at most maxBatch long. */
    private List<int[]> lengthGroups(List<float[]> segments) {
        Integer[] order = new Integer[segments.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> segments.get(i).length));
        List<int[]> groups = new ArrayList<>();
        int from = 0;
        while (from < order.length) {
            int shortest = paddedLength(segments.get(order[from]).length);
            int to = from + 1;
            while (to < order.length && to - from < config.maxBatch()
                    && paddedLength(segments.get(order[to]).length) <= shortest * config.maxBatchLengthRatio()) {
                to++;
            }
            int[] group = new int[to - from];
            for (int k = from; k < to; k++) {
                group[k - from] = order[k];
            }
            groups.add(group);
            from = to;
        }
        return groups;
    }

    private Transcript transcript(DecodedTokens decoded, int samples, DecodingBias bias) {
        long audioMs = samples * 1000L / SAMPLE_RATE;
        List<Word> words = assembler.assemble(decoded.tokens(), audioMs);
        StringBuilder text = new StringBuilder();
        double confidence = 0;
        for (Word w : words) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(w.text());
            confidence += w.confidence();
        }
        float segmentConfidence = words.isEmpty() ? 1f : (float) (confidence / words.size());
        List<String> hotwords = bias.matchedPhrases(decoded.ids());
        return new Transcript(text.toString(), List.copyOf(words), segmentConfidence, Set.copyOf(decoded.flags()), audioMs,
                hotwords);
    }

    @Override
    public void close() {
        model.close();
    }

    /** Builder; the three model files and a model id are required. */
    public static final class Builder {
        private String modelId;
        private Path encoder;
        private Path decoder;
        private Path tokens;
        private InferenceOptions options = InferenceOptions.defaults();
        private RecognizerConfig config = RecognizerConfig.GREEDY;
        private ConfidenceCalibration calibration;

        public Builder modelFiles(String modelId, Path encoder, Path decoder, Path tokens) {
            this.modelId = modelId;
            this.encoder = encoder;
            this.decoder = decoder;
            this.tokens = tokens;
            return this;
        }

        /** A model folder of kind {@code moonshine} (fetched, or a user's own export with the same layout). */
        public Builder model(ModelDirectory dir) {
            if (!"moonshine".equals(dir.manifest().kind())) {
                throw new IllegalArgumentException(dir.dir() + " holds a " + dir.manifest().kind() + " model, not moonshine");
            }
            return modelFiles(dir.manifest().id(), dir.file("encoder"), dir.file("decoder"), dir.file("tokens"));
        }

        public Builder options(InferenceOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder config(RecognizerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Overrides the calibration shipped for the model id (e.g. one fitted on your own calls). */
        public Builder calibration(ConfidenceCalibration calibration) {
            this.calibration = calibration;
            return this;
        }

        public MoonshineRecognizer build() {
            if (modelId == null || encoder == null || decoder == null || tokens == null) {
                throw new IllegalStateException("modelFiles(id, encoder, decoder, tokens) is required");
            }
            return new MoonshineRecognizer(this);
        }
    }
}
