package io.github.cdcbundle.smt;

import io.github.cdcbundle.smt.RdsMetadataConfig.Entry;
import io.github.cdcbundle.smt.RdsMetadataConfig.MetadataKey;
import io.github.cdcbundle.smt.internal.Envelope;
import io.github.cdcbundle.smt.internal.Errors;
import io.github.cdcbundle.smt.internal.RecordSide;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;

/**
 * Adds where a row came from: the RDS instance (or Aurora cluster / RDS Proxy) and region, parsed once from the
 * endpoint, and from the Debezium source block the database, schema, table, LSN, transaction id and commit time.
 *
 * <p>Either order with {@link FlattenChangeEvent} gives the same row. After flatten (recommended, the faster) it adds
 * the configured values and expects the source-derived ones in the row already, under the names it would write;
 * before flatten it appends its fields to the envelope's top level and flatten carries them into the row (see
 * {@link RdsPlan}).
 */
public abstract class RdsMetadata<R extends ConnectRecord<R>> extends PlannedTransform<R, RdsPlan> {

    public static final String OVERVIEW_DOC = "Adds RDS and source metadata to each record: instance (or cluster, "
            + "proxy) identifier and region parsed from the RDS endpoint, and database, schema, table, LSN, "
            + "transaction id, commit time from the Debezium source block, as fields or headers.";

    public static final ConfigDef CONFIG_DEF = RdsMetadataConfig.CONFIG_DEF;

    private static final String PURPOSE = "RDS metadata";

    private RdsMetadataConfig config;

    /** The transform working on {@code side} of each record; see the nested {@code Key} and {@code Value}. */
    RdsMetadata(RecordSide side) {
        super(side, PURPOSE);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        RdsMetadataConfig parsed = new RdsMetadataConfig(configs);
        config = parsed;
        planWith(parsed.schemaCacheSize, schema -> RdsPlan.of(schema, parsed));
    }

    @Override
    R applyStruct(R record, Struct value, RdsPlan plan) {
        if (plan == RdsPlan.PASS) {
            return record;
        }
        Headers headers = record.headers().duplicate();
        Struct updated = plan.apply(value, headers);
        return side.newRecord(record, plan.outputSchema, updated, headers);
    }

    @Override
    R applySchemaless(R record, Map<?, ?> value) {
        boolean envelope = Envelope.claimsEnvelope(value);
        Object source = envelope ? value.get(Envelope.SOURCE) : null;
        if (envelope && !(source instanceof Map)) {
            throw new DataException("[" + PURPOSE + "] field '" + Envelope.SOURCE + "' of a schemaless change envelope "
                    + "must be a map, found " + Errors.typeOf(source) + " (" + Errors.coordinates(record) + ")");
        }
        boolean toHeaders = config.target == RdsMetadataConfig.Target.HEADERS;
        Headers headers = record.headers().duplicate();
        Map<Object, Object> updated = toHeaders ? null : new LinkedHashMap<>(value);
        for (Entry entry : config.entries) {
            Object metadata;
            if (entry.key().sourceField == null && entry.key() != MetadataKey.CAPTURE_TS_MS) {
                metadata = entry.key() == MetadataKey.INSTANCE ? config.instance
                        : entry.key() == MetadataKey.REGION ? config.region : config.endpointType;
            } else if (envelope) {
                metadata = entry.key() == MetadataKey.CAPTURE_TS_MS ? value.get("ts_ms")
                        : ((Map<?, ?>) source).get(entry.key().sourceField);
            } else if (value.containsKey(entry.outputName())) {
                if (!toHeaders) {
                    continue;
                }
                metadata = value.get(entry.outputName());
            } else {
                throw new DataException("[" + PURPOSE + "] '" + entry.key().external + "' comes from the Debezium "
                        + "source block, which this flat row no longer has and which has no field '" + entry.outputName()
                        + "': put this transform before the flatten transform (" + Errors.coordinates(record) + ")");
            }
            if (toHeaders) {
                headers.add(entry.outputName(), metadata, null);
            } else {
                updated.put(entry.outputName(), metadata);
            }
        }
        return side.newRecord(record, null, toHeaders ? value : updated, headers);
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    /** Adds metadata to the record key (flat keys only: keys are never envelopes). */
    public static final class Key<R extends ConnectRecord<R>> extends RdsMetadata<R> {
        public Key() {
            super(RecordSide.KEY);
        }
    }

    /** Adds metadata to the record value. */
    public static final class Value<R extends ConnectRecord<R>> extends RdsMetadata<R> {
        public Value() {
            super(RecordSide.VALUE);
        }
    }
}
