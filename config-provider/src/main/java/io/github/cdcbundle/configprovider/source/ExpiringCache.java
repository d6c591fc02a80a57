package io.github.cdcbundle.configprovider.source;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Caches what a source read (a Secret's data, a parsed .env file) for the configured TTL, so Connect's frequent
 * resolutions do not hit the API server each time, and a changed value is read again once the entry expires.
 * A TTL of 0 disables caching. A failed load is not cached. Loads of one key are serialized (one GET per Secret
 * even when several threads ask at once); loads of different keys run in parallel, and no map lock is held while
 * a load waits on the network.
 */
public final class ExpiringCache<K, V> {
    private final Clock clock;
    private final long ttlMs;
    private final ConcurrentMap<K, Slot<V>> slots = new ConcurrentHashMap<>();

    public ExpiringCache(Clock clock, long ttlMs) {
        this.clock = clock;
        this.ttlMs = ttlMs;
    }

    public V get(K key, Supplier<V> loader) {
        if (ttlMs <= 0) {
            return loader.get();
        }
        Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
        synchronized (slot) {
            long now = clock.millis();
            if (!slot.loaded || now >= slot.expiresAt) {
                slot.value = loader.get();
                slot.expiresAt = now + ttlMs;
                slot.loaded = true;
            }
            return slot.value;
        }
    }

    /** Never prints cached data. */
    @Override
    public String toString() {
        return "ExpiringCache[entries=" + slots.size() + ", ttlMs=" + ttlMs + "]";
    }

    private static final class Slot<V> {
        private V value;
        private long expiresAt;
        private boolean loaded;

        @Override
        public String toString() {
            return "Slot[expiresAt=" + expiresAt + "]";
        }
    }
}
