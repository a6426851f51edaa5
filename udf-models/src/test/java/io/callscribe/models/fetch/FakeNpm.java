package io.callscribe.models.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A stand-in {@code npm} (a shell script) that serves hand-made tarballs for {@code npm pack SPEC},
 * fails like the registry for anything else, and logs every spec it was asked for.
 */
final class FakeNpm {

    private final Path dir;
    private final Map<String, Path> tarballs = new LinkedHashMap<>();
    private String failure = "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/x";

    FakeNpm(Path dir) {
        this.dir = dir;
    }

    /** Serves a gzipped tarball holding these entries (path -> content) for {@code npm pack spec}. */
    FakeNpm serve(NpmPackage npmPackage, Map<String, byte[]> entries) throws IOException {
        Path tarball = dir.resolve("served-" + tarballs.size() + ".tgz");
        try (OutputStream file = Files.newOutputStream(tarball);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry(entry.getKey());
                header.setSize(entry.getValue().length);
                tar.putArchiveEntry(header);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        tarballs.put(npmPackage.spec(), tarball);
        return this;
    }

    /** What npm prints to stderr for a spec it does not serve. */
    FakeNpm failingWith(String stderr) {
        this.failure = stderr;
        return this;
    }

    /** Writes the script and returns its path, to use as the npm command. */
    String command() throws IOException {
        StringBuilder script = new StringBuilder("#!/bin/sh\n")
                .append("echo \"$2\" >> '").append(log()).append("'\n")
                .append("case \"$2\" in\n");
        for (Map.Entry<String, Path> served : tarballs.entrySet()) {
            script.append("  '").append(served.getKey()).append("') cp '").append(served.getValue())
                    .append("' \"$4/package.tgz\"; echo package.tgz ;;\n");
        }
        script.append("  *) cat >&2 <<'EOF'\n").append(failure).append("\nEOF\n     exit 1 ;;\nesac\n");
        Path npm = dir.resolve("npm");
        Files.writeString(npm, script);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm.toString();
    }

    /** The specs npm was asked to pack, in order. */
    List<String> packed() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    private Path log() {
        return dir.resolve("npm-calls.log");
    }
}
