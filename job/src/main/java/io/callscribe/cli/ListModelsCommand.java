package io.callscribe.cli;

import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelManifest;
import io.callscribe.models.ModelStore;
import io.callscribe.models.fetch.CatalogModel;
import io.callscribe.models.fetch.ModelCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code callscribe models list}: the known models and any other model folder in the store. */
@Command(name = "list",
        mixinStandardHelpOptions = true,
        description = {"List the known models and any other model folder under --model-dir: "
                + "kind, present or missing, size and where the files came from.",
                "Checks that files exist with the right size; `verify` checks their sha256."})
final class ListModelsCommand implements Callable<Integer> {

    private static final String ROW = "%-16s %-11s %-8s %9s  %s%n";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private ModelsCommand models;

    @Override
    public Integer call() {
        ModelStore store = models.store();
        ModelCatalog catalog = ModelCatalog.builtIn();
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();

        out.println("Models in " + store.root());
        out.printf(Locale.ROOT, ROW, "ID", "KIND", "STATUS", "SIZE", "SOURCE");
        for (CatalogModel model : catalog.models()) {
            Path dir = store.dir(model.id());
            if (!Files.exists(dir)) {
                out.printf(Locale.ROOT, ROW, model.id(), model.kind(), "missing", Sizes.megabytes(model.totalBytes()),
                        model.source());
                continue;
            }
            try {
                row(out, ModelDirectory.open(dir).manifest());
            } catch (ModelException e) {
                out.printf(Locale.ROOT, ROW, model.id(), model.kind(), "damaged", "-", model.source());
                problems.add(model.id() + ": " + e.getMessage());
            }
        }
        for (Path dir : otherModelFolders(store.root(), catalog)) {
            try {
                row(out, ModelDirectory.open(dir).manifest());
            } catch (ModelException e) {
                out.printf(Locale.ROOT, ROW, dir.getFileName(), "?", "damaged", "-", "");
                problems.add(dir.getFileName() + ": " + e.getMessage());
            }
        }
        problems.forEach(problem -> out.println("  " + problem));
        return 0;
    }

    private static void row(PrintWriter out, ModelManifest manifest) {
        out.printf(Locale.ROOT, ROW, manifest.id(), manifest.kind(), "present", Sizes.megabytes(manifest.totalBytes()),
                manifest.source());
    }

    /** Folders with a manifest that are not catalog models: a user's own exports. */
    static List<Path> otherModelFolders(Path root, ModelCatalog catalog) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(dir -> !dir.getFileName().toString().startsWith("."))
                    .filter(dir -> catalog.find(dir.getFileName().toString()).isEmpty())
                    .filter(dir -> Files.isRegularFile(dir.resolve(ModelManifest.FILE_NAME)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root + ": " + e.getMessage(), e);
        }
    }
}
