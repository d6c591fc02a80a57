package io.github.cdcbundle.converters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The fast string path writes exactly the bytes Jackson's own writeString writes, whatever the text. */
class StringsTest {
    /** As JsonRendering builds its factory. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();

    @Test
    void everyCharAtEveryLengthAroundTheThresholdsMatchesJackson() throws IOException {
        List<String> texts = new ArrayList<>();
        for (int length : new int[] {Strings.FAST_FROM - 1, Strings.FAST_FROM, 100, 740, Strings.FAST_UP_TO,
                Strings.FAST_UP_TO + 1}) {
            String plain = "order note 42 ".repeat(length / 14 + 1).substring(0, length);
            texts.add(plain);
            texts.add(plain.substring(0, length - 1) + "?");
            for (int c = 0; c < 0x10000; c += c < 0x100 ? 1 : 0x3F) {
                texts.add(plain.substring(0, length - 1) + (char) c);
                texts.add((char) c + plain.substring(1));
            }
            // A valid surrogate pair (one code point outside the BMP) and lone surrogates.
            texts.add(plain + "\uD83D\uDC18");
            texts.add(plain + "\uD83D");
            texts.add("\uDC18" + plain);
        }
        for (String text : texts) {
            assertThat(fast(text)).as("length %d, first %04x, last %04x", text.length(), (int) text.charAt(0),
                    (int) text.charAt(text.length() - 1)).isEqualTo(jackson(text));
        }
    }

    @Property(tries = 300)
    void randomLongTextMatchesJackson(@ForAll @StringLength(min = 20, max = 3000)
            @CharRange(from = 0x0, to = 0x7F) @CharRange(from = 0xA0, to = 0x3FF) String text) throws IOException {
        assertThat(fast(text)).isEqualTo(jackson(text));
    }

    @Test
    void plainAsciiIsTheFastPathsCondition() {
        assertThat(Strings.plainAscii(latin1("order note 42 / <b> & ~ {} ? and 0x7F: \u007F"))).isTrue();
        String plain = "abcdefghijklmnopqrstuvw";
        for (int at = 0; at < plain.length(); at++) {
            for (char bad : new char[] {'"', '\\', '\t', '\0', 0x1F, 0x80, 0xE9, 0xFF}) {
                String text = plain.substring(0, at) + bad + plain.substring(at + 1);
                assertThat(Strings.plainAscii(latin1(text))).as("%02x at %d", (int) bad, at).isFalse();
            }
        }
    }

    /** Plain text takes the fast path (the comparisons with Jackson would pass without it). */
    @Test
    void plainLongTextIsWrittenRaw() {
        String plain = "order note 42 ".repeat(60).substring(0, 740);
        assertThat(Strings.rawBytes(plain)).isNotNull();
        assertThat(new String(Strings.rawBytes(plain), 0, 740, StandardCharsets.ISO_8859_1)).isEqualTo(plain);
        assertThat(Strings.rawBytes(plain.substring(0, Strings.FAST_FROM - 1))).isNull();
        assertThat(Strings.rawBytes(plain.substring(0, 739) + '"')).isNull();
        assertThat(Strings.rawBytes(plain.substring(0, 739) + '\u00E9')).isNull();
    }

    /**
     * The per-thread buffers are reused: a shorter text after a longer one is judged on its own bytes only, with a
     * char to escape in its last whole word and in its tail.
     */
    @Test
    void aShorterTextAfterALongerOneIsJudgedOnItsOwnBytes() throws IOException {
        String longer = "order note 42 ".repeat(80).substring(0, 1000);
        for (int at : new int[] {735, 738, 739}) {
            String shorter = longer.substring(0, at) + '"' + longer.substring(at + 1, 740);
            assertThat(Strings.rawBytes(longer)).isNotNull();
            assertThat(Strings.rawBytes(shorter)).as("quote at %d", at).isNull();
            fast(longer);
            assertThat(fast(shorter)).isEqualTo(jackson(shorter));
        }
    }

    /**
     * Every pair of byte values, side by side inside one word and across two, agrees with a byte-by-byte check: the
     * word check's borrows never hide a byte to escape or flag a plain one.
     */
    @Test
    void wordCheckAgreesWithAByteCheckForEveryPairOfBytes() {
        byte[] text = latin1("abcdefghijklmnopqrstuvwxyz012345");
        for (int at : new int[] {2, 7, 15, 30}) {
            for (int a = 0; a < 256; a++) {
                for (int b = 0; b < 256; b++) {
                    byte[] bytes = text.clone();
                    bytes[at] = (byte) a;
                    bytes[at + 1] = (byte) b;
                    boolean expected = plainByte(a) && plainByte(b);
                    if (Strings.plainAscii(bytes) != expected) {
                        throw new AssertionError(String.format("%02x %02x at %d: expected %s", a, b, at, expected));
                    }
                }
            }
        }
    }

    private static boolean plainByte(int b) {
        return b >= 0x20 && b < 0x80 && b != '"' && b != '\\';
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] fast(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartArray();
            Strings.write(generator, text);
            Strings.write(generator, text);
            generator.writeEndArray();
        }
        return out.toByteArray();
    }

    private static byte[] jackson(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeStartArray();
            generator.writeString(text);
            generator.writeString(text);
            generator.writeEndArray();
        }
        return out.toByteArray();
    }
}
