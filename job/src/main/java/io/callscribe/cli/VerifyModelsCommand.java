package io.callscribe.cli;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.CatalogModel;
import io.callscribe.models.fetch.ModelCatalog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code callscribe models verify [ID...]}: sha256 of every file against its manifest. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check the sha256 of every model file against the model's manifest.json. "
                + "Exits 1, naming the file and both checksums, if any model fails.")
final class VerifyModelsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ModelsCommand models;

    @Parameters(paramLabel = "ID", arity = "0..*",
            description = "Models to verify. Default: every model folder under --model-dir.")
    private List<String> ids = new ArrayList<>();

    @Override
    public Integer call() {
        ModelStore store = models.store();
        List<String> wanted = ids.isEmpty() ? presentIds(store) : ids;
        if (wanted.isEmpty()) {
            throw new ModelException("No models in " + store.root() + ": run `callscribe models fetch`, or point "
                    + "--model-dir at a directory that holds them");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        for (String id : wanted) {
            try {
                ModelDirectory directory = store.open(id);
                directory.verifyChecksums();
                out.printf(Locale.ROOT, "%-16s ok  %d file(s), %s%n", id, directory.manifest().files().size(),
                        Sizes.megabytes(directory.manifest().totalBytes()));
            } catch (ModelException e) {
                failed++;
                err.println("callscribe: " + id + ": " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    private static List<String> presentIds(ModelStore store) {
        ModelCatalog catalog = ModelCatalog.builtIn();
        List<String> present = new ArrayList<>();
        for (CatalogModel model : catalog.models()) {
            if (Files.exists(store.dir(model.id()))) {
                present.add(model.id());
            }
        }
        for (Path dir : ListModelsCommand.otherModelFolders(store.root(), catalog)) {
            present.add(dir.getFileName().toString());
        }
        return present;
    }
}
