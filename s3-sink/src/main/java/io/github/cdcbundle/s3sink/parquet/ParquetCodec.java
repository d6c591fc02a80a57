package io.github.cdcbundle.s3sink.parquet;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The Parquet page codecs the sink offers; each is implemented by {@link Codecs} without Hadoop. */
public enum ParquetCodec {
    SNAPPY(CompressionCodecName.SNAPPY),
    ZSTD(CompressionCodecName.ZSTD),
    GZIP(CompressionCodecName.GZIP),
    NONE(CompressionCodecName.UNCOMPRESSED);

    final CompressionCodecName parquetName;

    ParquetCodec(CompressionCodecName parquetName) {
        this.parquetName = parquetName;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The one parser of the option (validator and config getter). */
    public static ParquetCodec parse(String value) {
        String v = value == null ? "" : value.trim();
        for (ParquetCodec c : values()) {
            if (c.configName().equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("must be one of snappy, zstd, gzip, none");
    }
}
