package io.callscribe.sql;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The {@code WITH} options of {@code CREATE MODEL ... WITH ('provider' = 'callscribe-onnx', ...)}. */
public final class SpeechModelOptions {

    public static final ConfigOption<String> MODEL = ConfigOptions.key("model").stringType().defaultValue("moonshine-base")
            .withDescription("Recognizer model id: moonshine-base, moonshine-tiny, or a folder name under model-dir.");
    public static final ConfigOption<String> MODEL_DIR = ConfigOptions.key("model-dir").stringType().noDefaultValue()
            .withDescription("Model cache folder on every TaskManager (default: $CALLSCRIBE_MODEL_DIR or "
                    + "~/.cache/callscribe/models). Missing known models are fetched into it when the function opens.");
    public static final ConfigOption<String> EXECUTION_PROVIDER = ConfigOptions.key("execution-provider").stringType()
            .defaultValue("auto").withDescription("ONNX Runtime execution provider: cpu, cuda, or auto (CUDA where a GPU is present).");
    public static final ConfigOption<Integer> INTRA_OP_THREADS = ConfigOptions.key("intra-op-threads").intType().defaultValue(1)
            .withDescription("Threads per model call; each parallel instance of ML_PREDICT runs its own calls.");
    public static final ConfigOption<Integer> BEAM_WIDTH = ConfigOptions.key("beam-width").intType().defaultValue(1)
            .withDescription("Beam search width; 1 is greedy decoding.");

    private SpeechModelOptions() {}
}
