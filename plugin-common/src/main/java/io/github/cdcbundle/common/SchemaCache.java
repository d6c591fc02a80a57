package io.github.cdcbundle.common;

import java.util.function.Function;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;

/**
 * A bounded cache from an input schema to whatever a transform derived from it.
 *
 * <p>Source connectors (Debezium among them) hand out the same schema instance for every record of a table, so the
 * last hit is remembered by identity and checked first: that costs one reference comparison, while a lookup in the
 * LRU map hashes the whole schema tree (ConnectSchema.hashCode walks every field), which would dominate the
 * per-record cost. Schemas rebuilt per record (a sink whose converter does not cache) still hit the LRU by equality.
 * Thread-safe: the remembered hit is one immutable pair behind a volatile reference.
 */
public final class SchemaCache<K, V> {
    private final Cache<K, V> cache;
    private volatile Entry<K, V> last;

    public SchemaCache(int size) {
        this.cache = new SynchronizedCache<>(new LRUCache<>(size));
    }

    public V get(K key, Function<K, V> derive) {
        Entry<K, V> hit = last;
        if (hit != null && hit.key == key) {
            return hit.value;
        }
        V value = cache.get(key);
        if (value == null) {
            value = derive.apply(key);
            cache.put(key, value);
        }
        last = new Entry<>(key, value);
        return value;
    }

    public long size() {
        return cache.size();
    }

    private static final class Entry<K, V> {
        final K key;
        final V value;

        Entry(K key, V value) {
            this.key = key;
            this.value = value;
        }
    }
}
