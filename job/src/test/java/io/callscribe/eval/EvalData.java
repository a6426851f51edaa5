package io.callscribe.eval;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelStore;
import io.callscribe.models.asr.MoonshineRecognizer;
import io.callscribe.models.asr.RecognizerConfig;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.runtime.ExecutionProvider;
import io.callscribe.models.runtime.InferenceOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the shared evaluation audio and the real models (fetched once, then cached). */
public final class EvalData {

    private EvalData() {}

    public static Path dir() {
        String property = System.getProperty("callscribe.evalDir");
        Path dir = Path.of(property != null ? property : "../shared/eval").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("hvb-callcenter-dev"))) {
            throw new IllegalStateException("evaluation data not found at " + dir + ": the tests need shared/eval beside the repository");
        }
        return dir;
    }

    public static Path set(String name) {
        return dir().resolve(name);
    }

    public static ModelDirectory model(String id) {
        return new ModelFetcher(ModelStore.defaultRoot()).ensure(id);
    }

    /** CPU, two threads: what CI has. */
    public static InferenceOptions cpu() {
        return InferenceOptions.builder().provider(ExecutionProvider.CPU).intraOpThreads(2).build();
    }

    public static MoonshineRecognizer recognizer(String id, RecognizerConfig config) {
        return MoonshineRecognizer.builder().model(model(id)).options(cpu()).config(config).build();
    }
}
