package io.github.cdcbundle.s3sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PartBufferTest {
    private static final int PART = S3SinkConfig.MIN_PART_SIZE;

    /**
     * The rendering streams a record in 8,000-byte writes. A record far larger than the part must not regrow the
     * array once per 64 KB (a 48 MB text column took 5 s that way): the arrays used stay few.
     */
    @Test
    void aHugeRecordWrittenInSmallPiecesRegrowsTheArrayOnlyAFewTimes() {
        PartBuffer buffer = new PartBuffer(PART);
        Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        byte[] piece = new byte[8000];
        long total = 64L * 1024 * 1024;
        for (long written = 0; written < total; written += piece.length) {
            buffer.write(piece, 0, piece.length);
            arrays.add(buffer.array());
        }
        assertThat(buffer.size()).isGreaterThanOrEqualTo((int) total);
        assertThat(arrays).as("distinct arrays while growing to 64 MB").hasSizeLessThan(30);
    }

    /** Ordinary lines stop near the part size: about one part in memory per open object. */
    @Test
    void linesUpToThePartSizeNeedNoMoreThanThePartAndTheSlack() {
        PartBuffer buffer = new PartBuffer(PART);
        byte[] line = new byte[1000];
        while (buffer.size() < PART) {
            buffer.write(line, 0, line.length);
        }
        assertThat(buffer.capacity()).isLessThanOrEqualTo(PART + 64 * 1024);
    }

    /** An object given up (its first record failed, or its partition was closed) returns its buffer once. */
    @Test
    void anAbortedObjectGivesItsBufferBackToThePoolOnce() {
        BufferPool pool = new BufferPool(PART);
        OutputFile file = new OutputFile(null, "k", 0, PART, false, ObjectAttributes.of("application/x-ndjson"), pool, 0,
                null);
        assertThat(pool.idle()).isZero();
        file.abort();
        file.abort();
        assertThat(pool.idle()).isEqualTo(1);
    }

    @Test
    void truncateCutsBackWhatAFailedRecordWrote() {
        PartBuffer buffer = new PartBuffer(PART);
        buffer.write(new byte[] {1, 2, 3}, 0, 3);
        int mark = buffer.size();
        buffer.write(new byte[20_000], 0, 20_000);
        buffer.truncate(mark);
        assertThat(buffer.size()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> buffer.truncate(4))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
