package io.callscribe.models;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes {@code manifest.json}. */
public final class ManifestJson {

    // Unknown fields are ignored so that a newer manifest still opens with an older build.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestJson() {
    }

    public static ModelManifest read(Path file) {
        try {
            ModelManifest manifest = MAPPER.readValue(file.toFile(), ModelManifest.class);
            if (manifest == null) {
                throw new ModelException("Model manifest " + file + " is empty");
            }
            return manifest;
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ModelException("No " + ModelManifest.FILE_NAME + " in " + file.getParent(), e);
        } catch (JacksonException e) {
            Throwable cause = e.getCause() instanceof ModelException ? e.getCause() : e;
            throw new ModelException("Model manifest " + file + " is not valid: " + firstLine(cause.getMessage()), e);
        } catch (IOException e) {
            throw new ModelException("Cannot read model manifest " + file + ": " + e.getMessage(), e);
        }
    }

    public static void write(ModelManifest manifest, Path file) throws IOException {
        Files.write(file, MAPPER.writeValueAsBytes(manifest));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
