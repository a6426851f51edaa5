package io.callscribe.cli;

import io.callscribe.models.ModelStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code callscribe models}: the speech models' folders. */
@Command(name = "models",
        mixinStandardHelpOptions = true,
        description = "Fetch, list and verify the speech models (Moonshine recognizers, Silero VAD).",
        subcommands = {
                FetchModelsCommand.class,
                ListModelsCommand.class,
                VerifyModelsCommand.class,
        })
public final class ModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Folder holding one sub-folder per model id. Default: $CALLSCRIBE_MODEL_DIR, else "
                    + "-Dcallscribe.modelDir, else ~/.cache/callscribe/models (here: ${DEFAULT-VALUE}).")
    Path modelDir = ModelStore.defaultRoot();

    ModelStore store() {
        return new ModelStore(modelDir);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing a models command: fetch, list or verify");
    }
}
