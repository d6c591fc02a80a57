package io.github.cdcbundle.converters.internal;

import io.github.cdcbundle.common.SchemaCache;
import java.util.Arrays;
import java.util.function.Function;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Schema;

/**
 * Both ends of the schema header. Source side: the header bytes of a schema, serialized once per schema object.
 * Sink side: the schema and its compiled reader for a header, built once per distinct header; consecutive records of
 * one table carry equal bytes, so the last header is compared first (one array comparison) before the LRU is hashed.
 * Thread-safe.
 */
public final class SchemaHeaders {
    /** A schema rebuilt from a header, with its compiled reader. */
    public static final class Decoded {
        public final Schema schema;
        public final TypedReader.Decoder decoder;

        Decoded(Schema schema, TypedReader.Decoder decoder) {
            this.schema = schema;
            this.decoder = decoder;
        }
    }

    private final SchemaCache<Schema, byte[]> written;
    private final Cache<Key, Decoded> read;
    private final SchemaJson json;
    private final Function<Schema, TypedReader.Decoder> compile;
    private volatile Last last;

    public SchemaHeaders(int cacheSize, SchemaJson json, Function<Schema, TypedReader.Decoder> compile) {
        this.written = new SchemaCache<>(cacheSize);
        this.read = new SynchronizedCache<>(new LRUCache<>(cacheSize));
        this.json = json;
        this.compile = compile;
    }

    /** The header value for the schema; the same array for every record of that schema (never modify it). */
    public byte[] header(Schema schema) {
        return written.get(schema, json::write);
    }

    public Decoded decode(byte[] header) {
        Last hit = last;
        if (hit != null && Arrays.equals(hit.bytes, header)) {
            return hit.decoded;
        }
        Key key = new Key(header);
        Decoded decoded = read.get(key);
        if (decoded == null) {
            Schema schema = json.read(header);
            decoded = new Decoded(schema, compile.apply(schema));
            read.put(key, decoded);
        }
        last = new Last(header.clone(), decoded);
        return decoded;
    }

    private static final class Last {
        final byte[] bytes;
        final Decoded decoded;

        Last(byte[] bytes, Decoded decoded) {
            this.bytes = bytes;
            this.decoded = decoded;
        }
    }

    /** Header bytes as a map key (by content). */
    private static final class Key {
        private final byte[] bytes;
        private final int hash;

        Key(byte[] bytes) {
            this.bytes = bytes.clone();
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(bytes, ((Key) o).bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
