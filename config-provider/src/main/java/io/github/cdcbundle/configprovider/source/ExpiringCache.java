package io.github.cdcbundle.configprovider.source;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Caches what a source read (a Secret's data, a parsed .env file) for the configured TTL, so Connect's frequent
 * resolutions do not hit the API server each time, and a changed value is read again once the entry expires.
 * A TTL of 0 disables caching. Loads for one key are serialized; loads for different keys run in parallel.
 */
public final class ExpiringCache<K, V> {
    private final Clock clock;
    private final long ttlMs;
    private final ConcurrentMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    public ExpiringCache(Clock clock, long ttlMs) {
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    public V get(K key, Supplier<V> loader) {
        if (ttlMs <= 0) {
            return loader.get();
        }
        return entries.compute(key, (k, entry) -> {
            long now = clock.millis();
            if (entry != null && now < entry.expiresAt) {
                return entry;
            }
            return new Entry<>(loader.get(), now + ttlMs);
        }).value;
    }

    public void clear() {
        entries.clear();
    }

    /** Never prints cached data. */
    @Override
    public String toString() {
        return "ExpiringCache[entries=" + entries.size() + ", ttlMs=" + ttlMs + "]";
    }

    private record Entry<V>(V value, long expiresAt) {
        @Override
        public String toString() {
            return "Entry[expiresAt=" + expiresAt + "]";
        }
    }
}
