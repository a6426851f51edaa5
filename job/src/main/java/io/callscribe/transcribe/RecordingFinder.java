package io.callscribe.transcribe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The recordings named on a command line: files as given, folders searched recursively for
 * {@code .wav}, {@code .flac} and {@code .mp3}. A call ID is the file's path below the folder it
 * was found in (or its name, for a file given directly) without the extension, so
 * {@code calls/agent/0001.wav} and {@code calls/caller/0001.wav} stay two calls.
 */
public final class RecordingFinder {

    public static final Set<String> EXTENSIONS = Set.of("wav", "flac", "mp3");

    private RecordingFinder() {}

    /** @throws IllegalArgumentException for a path that does not exist or two files with one call ID */
    public static List<Recording> find(List<Path> paths) {
        List<Recording> found = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile).filter(RecordingFinder::isAudio).sorted()
                            .forEach(f -> found.add(new Recording(f.toAbsolutePath().toString(), callId(path.relativize(f)))));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path, e);
                }
            } else if (Files.isRegularFile(path)) {
                found.add(new Recording(path.toAbsolutePath().toString(), callId(path.getFileName())));
            } else {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
        }
        Map<String, String> byId = new HashMap<>();
        for (Recording r : found) {
            String other = byId.putIfAbsent(r.callId(), r.file());
            if (other != null) {
                throw new IllegalArgumentException("two recordings would have call ID " + r.callId() + ": " + other + " and "
                        + r.file() + " (give their common folder instead)");
            }
        }
        return found;
    }

    private static boolean isAudio(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The call ID of a file at {@code relative} below the folder named: the path without its extension. */
    public static String callId(Path relative) {
        String id = relative.toString().replace('\\', '/');
        int dot = id.lastIndexOf('.');
        return dot > id.lastIndexOf('/') + 1 ? id.substring(0, dot) : id;
    }
}
