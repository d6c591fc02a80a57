package io.github.cdcbundle.s3sink.parquet;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compression for the writer without Hadoop: parquet-java's own factory loads Hadoop's codec classes. snappy-java,
 * zstd-jni and java.util.zip produce the standard formats the Parquet spec names (raw Snappy blocks, a zstd frame,
 * a gzip member), so every reader decodes them. Writing only: the sink never reads Parquet. The compressors hold no
 * state, so one of each serves every object of every task.
 */
final class Codecs {
    /** zstd's default level, as parquet-java uses it. */
    private static final int ZSTD_LEVEL = 3;
    private final Map<ParquetCodec, BytesInputCompressor> compressors = new EnumMap<>(ParquetCodec.class);

    Codecs() {
        for (ParquetCodec codec : ParquetCodec.values()) {
            compressors.put(codec, create(codec.parquetName));
        }
    }

    BytesInputCompressor compressor(ParquetCodec codec) {
        return compressors.get(codec);
    }

    private static BytesInputCompressor create(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED:
                return compressor(codec, bytes -> bytes);
            case SNAPPY:
                return compressor(codec, bytes -> Snappy.compress(bytes));
            case ZSTD:
                return compressor(codec, bytes -> Zstd.compress(bytes, ZSTD_LEVEL));
            case GZIP:
                return compressor(codec, bytes -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
                    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                        gzip.write(bytes);
                    }
                    return out.toByteArray();
                });
            default:
                throw new IllegalArgumentException("codec " + codec + " is not offered (snappy, zstd, gzip, none)");
        }
    }

    private interface Compress {
        byte[] apply(byte[] bytes) throws IOException;
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec, Compress compress) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(compress.apply(bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
                // Nothing pooled.
            }
        };
    }
}
