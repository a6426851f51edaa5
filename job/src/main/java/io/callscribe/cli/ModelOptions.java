package io.callscribe.cli;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;
import io.callscribe.models.vad.SileroVad;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by commands that run the models: where they are, which one, and how to run it. */
public final class ModelOptions {

    public static final String VAD_MODEL = "silero-vad-v5";

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Model cache folder (default: $CALLSCRIBE_MODEL_DIR or ~/.cache/callscribe/models). Missing models are fetched into it.")
    Path modelDir;

    @Option(names = "--model", paramLabel = "ID", defaultValue = "moonshine-base",
            description = "Recognizer model id (moonshine-base, moonshine-tiny, or a folder name under --model-dir). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--provider", defaultValue = "auto", paramLabel = "cpu|cuda|auto",
            description = "ONNX Runtime execution provider. Default: ${DEFAULT-VALUE}.")
    String provider;

    @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads per model. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--beam", defaultValue = "1", description = "Beam width; 1 = greedy. Default: ${DEFAULT-VALUE}.")
    int beam;

    Path root() {
        return modelDir != null ? modelDir : ModelStore.defaultRoot();
    }

    /** The model's folder, fetched first when it is one of the known models and missing. */
    ModelDirectory directory(String id) {
        return new ModelFetcher(root()).ensure(id);
    }

    InferenceOptions inference() {
        return InferenceOptions.builder()
                .provider(ExecutionProvider.valueOf(provider.toUpperCase(java.util.Locale.ROOT)))
                .intraOpThreads(threads)
                .build();
    }

    MoonshineRecognizer.Builder recognizerBuilder(int maxBatch) {
        return MoonshineRecognizer.builder()
                .model(directory(model))
                .options(inference())
                .config(RecognizerConfig.GREEDY.withBeamWidth(beam).withMaxBatch(maxBatch));
    }

    SileroVad vad() {
        return SileroVad.open(directory(VAD_MODEL), MoonshineRecognizer.SAMPLE_RATE, inference());
    }
}
