package io.callscribe.models.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a model file is produced from one tarball entry. */
public sealed interface Extraction {

    /**
     * Writes the model file's bytes, reading the tarball entry's content from {@code entry}, which
     * ends where the entry ends and must not be closed.
     */
    void write(InputStream entry, OutputStream out) throws IOException;

    /** The entry is the file. */
    Extraction COPY = new Copy();

    /** The entry is JavaScript holding the file as a base64 string constant with this name. */
    static Extraction base64JsConstant(String name) {
        return new Base64JsConstant(name);
    }

    record Copy() implements Extraction {
        @Override
        public void write(InputStream entry, OutputStream out) throws IOException {
            entry.transferTo(out);
        }
    }

    record Base64JsConstant(String name) implements Extraction {

        // A source file, not a model: anything near this size is not the file we pinned.
        private static final int MAX_SOURCE_BYTES = 64 << 20;

        public Base64JsConstant {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public void write(InputStream entry, OutputStream out) throws IOException {
            byte[] source = entry.readNBytes(MAX_SOURCE_BYTES);
            if (entry.read() != -1) {
                throw new IOException("JavaScript source is larger than " + MAX_SOURCE_BYTES + " bytes");
            }
            out.write(decode(new String(source, StandardCharsets.UTF_8)));
        }

        byte[] decode(String javascript) throws IOException {
            Matcher start = Pattern.compile("\\b" + Pattern.quote(name) + "\\s*=\\s*([\"'`])").matcher(javascript);
            if (!start.find()) {
                throw new IOException("no string constant '" + name + "' in the JavaScript source");
            }
            char quote = start.group(1).charAt(0);
            int end = javascript.indexOf(quote, start.end());
            if (end < 0) {
                throw new IOException("string constant '" + name + "' is not terminated");
            }
            String base64 = javascript.substring(start.end(), end).replaceAll("\\s+", "");
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IOException("string constant '" + name + "' is not valid base64: " + e.getMessage(), e);
            }
        }
    }
}
