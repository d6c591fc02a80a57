package io.github.cdcbundle.configprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdcbundle.configprovider.source.ExpiringCache;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExpiringCacheTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void entriesLiveForTheTtl() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(clock, 100);
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        clock.advanceMillis(99);
        assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v1");
        clock.advanceMillis(1);
        assertThat(cache.get("k", () -> "v" + loads.incrementAndGet())).isEqualTo("v2");
        assertThat(cache.toString()).isEqualTo("ExpiringCache[entries=1, ttlMs=100]").doesNotContain("v2");
    }

    @Test
    void aFailedLoadIsNotCached() {
        ExpiringCache<String, String> cache = new ExpiringCache<>(clock, 100);
        assertThatThrownBy(() -> cache.get("k", () -> {
            throw new IllegalStateException("API down");
        })).hasMessage("API down");
        assertThat(cache.get("k", () -> "v")).isEqualTo("v");
    }

    @Test
    void ttlZeroAlwaysLoads() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(clock, 0);
        AtomicInteger loads = new AtomicInteger();
        cache.get("k", loads::incrementAndGet);
        cache.get("k", loads::incrementAndGet);
        assertThat(loads).hasValue(2);
    }

    @Test
    void concurrentReadersOfOneKeyShareOneLoad() throws Exception {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(clock, 1000);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Callable<Integer> reader = () -> {
                    go.await();
                    return cache.get("k", loads::incrementAndGet);
                };
                results.add(pool.submit(reader));
            }
            go.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(1);
            }
            assertThat(loads).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
