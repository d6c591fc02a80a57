package io.github.cdcbundle.s3sink;

import java.util.ArrayDeque;

/**
 * Keeps a few part buffers of uploaded objects for the next objects of the task, so that a steady stream of
 * objects does not allocate (and zero) a part-sized array per object. At most {@link #MAX_IDLE} buffers wait here,
 * which adds at most that many part sizes to the memory formula. Buffers come back from the task's upload thread.
 */
final class BufferPool {
    static final int MAX_IDLE = 2;

    private final int partSize;
    private final ArrayDeque<PartBuffer> idle = new ArrayDeque<>(MAX_IDLE);

    BufferPool(int partSize) {
        this.partSize = partSize;
    }

    /** A reset buffer, pooled when one is idle, else new with the given first capacity. */
    synchronized PartBuffer take(int initialCapacity) {
        PartBuffer buffer = idle.pollFirst();
        if (buffer == null) {
            return new PartBuffer(partSize, initialCapacity);
        }
        buffer.reset();
        return buffer;
    }

    /** How many buffers wait here (for tests). */
    synchronized int idle() {
        return idle.size();
    }

    synchronized void give(PartBuffer buffer) {
        if (idle.size() < MAX_IDLE) {
            idle.addFirst(buffer);
        }
    }
}
