package io.github.cdcbundle.smt;

import io.github.cdcbundle.common.SchemaCache;
import io.github.cdcbundle.common.Version;
import io.github.cdcbundle.smt.internal.Errors;
import io.github.cdcbundle.smt.internal.RecordSide;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * What our transforms share: the side of the record they work on, the three branches of {@code apply} (no value,
 * no schema, a STRUCT schema) and the cache of per-schema plans that {@code configure()} sets up, so that a record
 * costs one cache lookup before the transform's own work.
 *
 * @param <P> what a transform derives once from an input schema
 */
abstract class PlannedTransform<R extends ConnectRecord<R>, P> implements Transformation<R>, Versioned {
    final RecordSide side;
    private final String purpose;
    private SchemaCache<Schema, P> plans;
    /** Built once: a capturing lambda at the call site would allocate on every record. */
    private Function<Schema, P> planner;

    /** {@code purpose} names the transform in error messages: "[purpose] ...". */
    PlannedTransform(RecordSide side, String purpose) {
        this.side = side;
        this.purpose = purpose;
    }

    /** For {@code configure()}: a fresh cache of at most {@code size} plans, each built by {@code planner}. */
    final void planWith(int size, Function<Schema, P> planner) {
        this.plans = new SchemaCache<>(size);
        this.planner = planner;
    }

    @Override
    public R apply(R record) {
        Object value = side.value(record);
        if (value == null) {
            return applyNull(record);
        }
        Schema schema = side.schema(record);
        if (schema == null) {
            return value instanceof Map ? applySchemaless(record, (Map<?, ?>) value) : record;
        }
        if (schema.type() != Schema.Type.STRUCT) {
            return record;
        }
        if (!(value instanceof Struct)) {
            throw new DataException("Only Struct values are supported for [" + purpose + "] of records with a STRUCT "
                    + "schema, found " + Errors.typeOf(value) + " (" + Errors.coordinates(record) + ")");
        }
        P plan;
        try {
            plan = plans.get(schema, planner);
        } catch (DataException e) {
            throw new DataException("[" + purpose + "] " + e.getMessage() + " (" + Errors.coordinates(record) + ")", e);
        }
        return applyStruct(record, (Struct) value, plan);
    }

    /** A record whose side is null (a tombstone, on the value side): passed through unless a transform says so. */
    R applyNull(R record) {
        return record;
    }

    /** A record whose side has no schema and is a Map; other schemaless values pass through. */
    abstract R applySchemaless(R record, Map<?, ?> value);

    /** A record whose side is a Struct, with the plan for its schema. */
    abstract R applyStruct(R record, Struct value, P plan);

    @Override
    public String version() {
        return Version.of(getClass());
    }

    @Override
    public void close() {
        plans = null;
    }

    /** How many distinct schemas have been planned; for tests. */
    long cachedSchemas() {
        return plans.size();
    }
}
