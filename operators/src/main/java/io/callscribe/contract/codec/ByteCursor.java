package io.callscribe.contract.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads big-endian fields off a byte array, refusing to read past its end. */
final class ByteCursor {

    private final byte[] bytes;
    private int position;

    ByteCursor(byte[] bytes, int position) {
        this.bytes = bytes;
        this.position = position;
    }

    int u8(String field) {
        require(1, field);
        return bytes[position++] & 0xFF;
    }

    int u16(String field) {
        require(2, field);
        int value = ((bytes[position] & 0xFF) << 8) | (bytes[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    long u32(String field) {
        require(4, field);
        long value = ((long) (bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
                | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long i64(String field) {
        require(8, field);
        long value = ByteBuffer.wrap(bytes, position, 8).getLong();
        position += 8;
        return value;
    }

    byte[] bytes(long length, String field) {
        require(length, field);
        byte[] out = Arrays.copyOfRange(bytes, position, position + (int) length);
        position += (int) length;
        return out;
    }

    /** A u16 length followed by that many bytes of strict UTF-8. */
    String shortString(String field) {
        int length = u16(field + " length");
        require(length, field);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(bytes, position, length));
            position += length;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new FrameFormatException(FrameRejection.BAD_FIELD, field + " is not valid UTF-8");
        }
    }

    int remaining() {
        return bytes.length - position;
    }

    private void require(long length, String field) {
        if (length > remaining()) {
            throw new FrameFormatException(FrameRejection.TRUNCATED, "the frame ends inside " + field + ": it needs "
                    + length + " more byte(s) at offset " + position + " but has " + remaining());
        }
    }
}
