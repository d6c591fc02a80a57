package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.github.cdcbundle.converters.AnalystJsonConverterConfig.BytesFormat;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Bytes as base64 (the same alphabet and padding as Kafka's JsonConverter), hex, or PostgreSQL's {@code \x} hex. */
public final class Bytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {
    }

    /** The bytes of a BYTES value: Connect allows byte[] and ByteBuffer (only its remaining bytes count). */
    public static byte[] of(Object value) {
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            return copy;
        }
        return (byte[]) value;
    }

    public static ValueWriter writer(BytesFormat format) {
        switch (format) {
            case HEX:
                return (out, value) -> writeHex(out, of(value), false);
            case POSTGRES:
                return (out, value) -> writeHex(out, of(value), true);
            default:
                return (out, value) -> out.writeBinary(of(value));
        }
    }

    private static void writeHex(JsonGenerator out, byte[] bytes, boolean prefix) throws IOException {
        int start = prefix ? 2 : 0;
        char[] text = new char[start + bytes.length * 2];
        if (prefix) {
            text[0] = '\\';
            text[1] = 'x';
        }
        for (int i = 0; i < bytes.length; i++) {
            text[start + 2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            text[start + 2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        out.writeString(text, 0, text.length);
    }
}
