package io.github.cdcbundle.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking often; never a fixed sleep standing in for synchronisation. */
public final class Poll {
    private Poll() {
    }

    /** Returns the first non-null result of {@code probe}, or fails with {@code what} after {@code timeout}. */
    public static <T> T until(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseNanos = 5_000_000L;
        RuntimeException last = null;
        while (true) {
            try {
                T result = probe.get();
                if (result != null) {
                    return result;
                }
            } catch (RuntimeException e) {
                last = e; // an AssertionError from the probe (a FAILED task) is not caught: it ends the wait
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for "
                        + what);
                if (last != null) {
                    error.initCause(last);
                }
                throw error;
            }
            // back off from 5 ms to 200 ms between checks
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, 200_000_000L);
        }
    }

    public static void untilTrue(String what, Duration timeout, Supplier<Boolean> condition) {
        until(what, timeout, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }
}
