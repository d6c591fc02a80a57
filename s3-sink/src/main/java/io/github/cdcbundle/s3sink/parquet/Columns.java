package io.github.cdcbundle.s3sink.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * A Connect row schema compiled once into a Parquet message type and a tree of nodes, one per Connect schema, whose
 * leaves are the Parquet columns (the mapping is the type table in s3-sink/README.md). Writing a record is two
 * passes: {@link #prepare} checks and converts every value (a value that cannot be carried exactly fails here, naming
 * its field, before anything reaches a column, so a failed record leaves the object as it was), then
 * {@link #writeRow} hands each prepared value straight to its column writer with the repetition and definition levels
 * the tree computed when it was compiled (Dremel's levels: a value's definition level counts its optional and
 * repeated ancestors that are present, its repetition level names the list that repeated).
 */
public final class Columns {
    static final String ZONED_TIMESTAMP = "io.debezium.time.ZonedTimestamp";
    static final String MICRO_TIMESTAMP = "io.debezium.time.MicroTimestamp";
    static final String TIMESTAMP = "io.debezium.time.Timestamp";
    static final String NANO_TIMESTAMP = "io.debezium.time.NanoTimestamp";
    static final String DATE = "io.debezium.time.Date";
    static final String TIME = "io.debezium.time.Time";
    static final String MICRO_TIME = "io.debezium.time.MicroTime";
    static final String NANO_TIME = "io.debezium.time.NanoTime";
    static final String JSON = "io.debezium.data.Json";
    static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";
    /** The parameter Debezium sets on Decimal schemas for numeric(p,s). */
    static final String PRECISION = "connect.decimal.precision";

    /**
     * One Connect schema in the tree: a column, or a group of the columns below it (leaves {@code firstLeaf} to
     * {@code endLeaf - 1} in the order of {@link MessageType#getColumns()}).
     */
    abstract static class Node {
        private final boolean optional;
        /** The definition level of a present value of this node. */
        int definition;
        int firstLeaf;
        int endLeaf;

        Node(Repetition rep) {
            this.optional = rep == Repetition.OPTIONAL;
        }

        /** Checks and converts a non-null value; throws ColumnFailure. */
        abstract Object prepare(Object value);

        /** Writes a prepared (non-null) value; {@code repetition}: the level of the list that repeated, or above. */
        abstract void write(ColumnWriter[] leaves, Object prepared, int repetition);

        /** Numbers the leaves from {@code first} and sets the levels below; returns the next leaf's number. */
        int bind(int parentDefinition, int repetition, int first) {
            definition = parentDefinition + (optional ? 1 : 0);
            firstLeaf = first;
            endLeaf = bindChildren(repetition, first);
            return endLeaf;
        }

        /** The leaves below, numbered from {@code first}; returns the next number. */
        abstract int bindChildren(int repetition, int first);

        /** This node absent (null, or an empty list) at definition level {@code d}: a null in each leaf below. */
        final void writeAbsent(ColumnWriter[] leaves, int repetition, int d) {
            for (int i = firstLeaf; i < endLeaf; i++) {
                leaves[i].writeNull(repetition, d);
            }
        }
    }

    private final MessageType type;
    private final StructNode root;
    /** The columns in the file's order, the leaves' numbering. */
    private final List<ColumnDescriptor> columns;

    private Columns(MessageType type, StructNode root) {
        this.type = type;
        this.root = root;
        this.columns = List.copyOf(type.getColumns());
        if (root.bind(0, 0, 0) != columns.size()) {
            throw new IllegalStateException("the node tree and the message type disagree on the columns");
        }
    }

    /**
     * Compiles a row schema. {@code millisTimestampFields}: top-level INT64 fields holding epoch milliseconds (the
     * commit time) that are typed as UTC TIMESTAMP(MILLIS). A field without a Parquet form (a decimal wider than 38
     * digits) throws an IllegalArgumentException naming its path.
     */
    public static Columns compile(Schema schema, Set<String> millisTimestampFields) {
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("not a row schema");
        }
        Compiled c;
        try {
            c = struct(schema, "row", Repetition.REQUIRED, millisTimestampFields);
        } catch (ColumnFailure e) {
            throw new IllegalArgumentException(e.describe());
        }
        GroupType group = (GroupType) c.type();
        return new Columns(new MessageType(schema.name() == null ? "row" : schema.name(), group.getFields()),
                (StructNode) c.node());
    }

    public MessageType type() {
        return type;
    }

    public Object prepare(Object value) {
        if (!(value instanceof Struct)) {
            throw new ColumnFailure("STRUCT", "the value is a " + (value == null ? "null" : value.getClass().getName())
                    + ", not a Struct");
        }
        return root.prepare(value);
    }

    /** The columns in the file's order; {@link #writeRow} takes their writers in this order. */
    List<ColumnDescriptor> columns() {
        return columns;
    }

    /** Writes a prepared row into the column writers (the caller ends the record in the write store). */
    void writeRow(ColumnWriter[] leaves, Object prepared) {
        root.writeFields(leaves, (Object[]) prepared, 0);
    }

    /** The Parquet type of one Connect schema as a field, for the README's type table. */
    static String describe(Schema schema) {
        return describe(schema, Set.of());
    }

    static String describe(Schema schema, Set<String> millisFields) {
        Type t = compile(schema, "c", millisFields).type();
        String s = t.toString().trim();
        return s.replaceAll(" c( |$)", "$1").replaceAll("\\s+", " ");
    }

    private record Compiled(Type type, Node node) {
    }

    private static Compiled compile(Schema schema, String name, Set<String> millisFields) {
        Repetition rep = schema.isOptional() ? Repetition.OPTIONAL : Repetition.REQUIRED;
        String types = describeConnect(schema);
        String logical = schema.name() == null ? "" : schema.name();
        switch (logical) {
            case Decimal.LOGICAL_NAME:
                return decimal(schema, name, rep, types);
            case DATE:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType(), name, rep,
                        v -> (Integer) v, types);
            case Date.LOGICAL_NAME:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.dateType(), name, rep,
                        v -> Math.toIntExact(Math.floorDiv(((java.util.Date) v).getTime(), 86_400_000L)), types);
            case MICRO_TIMESTAMP:
                return int64(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS), name, rep, v -> (Long) v,
                        types);
            case TIMESTAMP:
                return int64(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS), name, rep,
                        v -> Math.multiplyExact((Long) v, 1000L), types);
            case Timestamp.LOGICAL_NAME:
                return int64(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS), name, rep,
                        v -> Math.multiplyExact(((java.util.Date) v).getTime(), 1000L), types);
            case NANO_TIMESTAMP:
                return int64(LogicalTypeAnnotation.timestampType(false, TimeUnit.NANOS), name, rep, v -> (Long) v,
                        types);
            case ZONED_TIMESTAMP:
                return int64(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS), name, rep, v -> {
                    OffsetDateTime t = OffsetDateTime.parse((String) v);
                    if (t.getNano() % 1000 != 0) {
                        throw new ColumnFailure(types, "the timestamp has nanoseconds, which TIMESTAMP(MICROS) "
                                + "cannot hold");
                    }
                    return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000L), t.getNano() / 1000);
                }, types);
            case TIME:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.timeType(false, TimeUnit.MILLIS), name,
                        rep, v -> (Integer) v, types);
            case Time.LOGICAL_NAME:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.timeType(false, TimeUnit.MILLIS), name,
                        rep, v -> (int) ((java.util.Date) v).getTime(), types);
            case MICRO_TIME:
                return int64(LogicalTypeAnnotation.timeType(false, TimeUnit.MICROS), name, rep, v -> (Long) v, types);
            case NANO_TIME:
                return int64(LogicalTypeAnnotation.timeType(false, TimeUnit.NANOS), name, rep, v -> (Long) v, types);
            case JSON:
                return prim(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.jsonType(), name, rep,
                        v -> utf8((String) v), types);
            case VARIABLE_SCALE_DECIMAL:
                // Unconstrained numeric: no fixed scale, so no exact DECIMAL column; the exact digits as text.
                return prim(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType(), name, rep, v -> {
                    Struct s = (Struct) v;
                    BigDecimal d = new BigDecimal(new BigInteger(s.getBytes("value")), s.getInt32("scale"));
                    return utf8(d.toPlainString());
                }, types);
            default:
                break;
        }
        switch (schema.type()) {
            case INT8:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(8, true), name, rep,
                        v -> (int) (Byte) v, types);
            case INT16:
                return prim(PrimitiveTypeName.INT32, LogicalTypeAnnotation.intType(16, true), name, rep,
                        v -> (int) (Short) v, types);
            case INT32:
                return prim(PrimitiveTypeName.INT32, null, name, rep, v -> (Integer) v, types);
            case INT64:
                if (millisFields.contains(name)) {
                    return int64(LogicalTypeAnnotation.timestampType(true, TimeUnit.MILLIS), name, rep,
                            v -> (Long) v, types);
                }
                return int64(null, name, rep, v -> (Long) v, types);
            case FLOAT32:
                return prim(PrimitiveTypeName.FLOAT, null, name, rep, v -> (Float) v, types);
            case FLOAT64:
                return prim(PrimitiveTypeName.DOUBLE, null, name, rep, v -> (Double) v, types);
            case BOOLEAN:
                return prim(PrimitiveTypeName.BOOLEAN, null, name, rep, v -> (Boolean) v, types);
            case STRING:
                return prim(PrimitiveTypeName.BINARY, LogicalTypeAnnotation.stringType(), name, rep,
                        v -> utf8((String) v), types);
            case BYTES:
                return prim(PrimitiveTypeName.BINARY, null, name, rep, v -> {
                    if (v instanceof ByteBuffer) {
                        ByteBuffer b = ((ByteBuffer) v).duplicate();
                        byte[] copy = new byte[b.remaining()];
                        b.get(copy);
                        return Binary.fromConstantByteArray(copy);
                    }
                    return Binary.fromConstantByteArray((byte[]) v);
                }, types);
            case ARRAY:
                return list(schema, name, rep, millisFields);
            case MAP:
                return map(schema, name, rep, millisFields);
            case STRUCT:
                return struct(schema, name, rep, millisFields);
            default:
                throw new ColumnFailure(types, "no Parquet type for this schema");
        }
    }

    /**
     * A string's UTF-8 bytes as an array-backed Binary: parquet-java's {@code Binary.fromString} wraps them in a
     * ByteBuffer, whose statistics comparisons and dictionary hashing go byte by byte through the buffer.
     */
    private static Binary utf8(String value) {
        return Binary.fromConstantByteArray(value.getBytes(StandardCharsets.UTF_8));
    }

    static String describeConnect(Schema schema) {
        return schema.name() == null ? schema.type().toString() : schema.name() + ", " + schema.type();
    }

    private interface Convert {
        Object apply(Object value);
    }

    /** Hands a prepared value of one primitive type to its column writer. */
    private interface Emit {
        void apply(ColumnWriter out, Object prepared, int repetition, int definition);
    }

    private static Emit emitter(PrimitiveTypeName prim) {
        switch (prim) {
            case INT32:
                return (o, v, r, d) -> o.write((Integer) v, r, d);
            case INT64:
                return (o, v, r, d) -> o.write((Long) v, r, d);
            case FLOAT:
                return (o, v, r, d) -> o.write((Float) v, r, d);
            case DOUBLE:
                return (o, v, r, d) -> o.write((Double) v, r, d);
            case BOOLEAN:
                return (o, v, r, d) -> o.write((Boolean) v, r, d);
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                return (o, v, r, d) -> o.write((Binary) v, r, d);
            default:
                throw new IllegalArgumentException("no writer for " + prim);
        }
    }

    private static Compiled prim(PrimitiveTypeName prim, LogicalTypeAnnotation annotation, String name, Repetition rep,
                                 Convert convert, String types) {
        Type t = Types.primitive(prim, rep).as(annotation).named(name);
        String full = types + " → " + prim + (annotation == null ? "" : " " + annotation);
        Emit emit = emitter(prim);
        return new Compiled(t, new Node(rep) {
            @Override
            Object prepare(Object value) {
                try {
                    return convert.apply(value);
                } catch (ColumnFailure e) {
                    throw e;
                } catch (ClassCastException e) {
                    throw new ColumnFailure(full, "the value is a " + value.getClass().getName()
                            + ", which this schema does not allow");
                } catch (RuntimeException e) {
                    throw new ColumnFailure(full, "the value cannot be carried (" + e.getClass().getSimpleName()
                            + ")");
                }
            }

            @Override
            void write(ColumnWriter[] leaves, Object prepared, int repetition) {
                emit.apply(leaves[firstLeaf], prepared, repetition, definition);
            }

            @Override
            int bindChildren(int repetition, int first) {
                return first + 1;
            }
        });
    }

    private static Compiled int64(LogicalTypeAnnotation annotation, String name, Repetition rep, Convert convert,
                                  String types) {
        return prim(PrimitiveTypeName.INT64, annotation, name, rep, convert, types);
    }

    private static Compiled decimal(Schema schema, String name, Repetition rep, String types) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        String p = schema.parameters().get(PRECISION);
        // Without a declared precision (money, other sources) the widest DECIMAL every engine reads: 38 digits.
        int precision = p == null ? 38 : Integer.parseInt(p);
        if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
            throw new ColumnFailure(types, "decimal(" + precision + "," + scale + ") has no Parquet DECIMAL form "
                    + "(precision 1..38, 0 <= scale <= precision)");
        }
        LogicalTypeAnnotation annotation = LogicalTypeAnnotation.decimalType(scale, precision);
        String full = types + " → DECIMAL(" + precision + "," + scale + ")";
        Convert exact = v -> {
            BigDecimal d;
            try {
                d = ((BigDecimal) v).setScale(scale, RoundingMode.UNNECESSARY);
            } catch (ArithmeticException e) {
                throw new ColumnFailure(full, "the value has more fractional digits than scale " + scale);
            }
            if (d.precision() > precision && d.signum() != 0) {
                throw new ColumnFailure(full, "the value has more digits than precision " + precision);
            }
            return d.unscaledValue();
        };
        if (precision <= 9) {
            return prim(PrimitiveTypeName.INT32, annotation, name, rep, v -> ((BigInteger) exact.apply(v)).intValue(), full);
        }
        if (precision <= 18) {
            return prim(PrimitiveTypeName.INT64, annotation, name, rep, v -> ((BigInteger) exact.apply(v)).longValue(), full);
        }
        int length = bytesFor(precision);
        Type t = Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(length).as(annotation)
                .named(name);
        Compiled inner = prim(PrimitiveTypeName.BINARY, null, name, rep, v -> {
            byte[] twos = ((BigInteger) exact.apply(v)).toByteArray();
            byte[] fixed = new byte[length];
            byte pad = twos[0] < 0 ? (byte) -1 : 0;
            int offset = length - twos.length;
            for (int i = 0; i < offset; i++) {
                fixed[i] = pad;
            }
            System.arraycopy(twos, 0, fixed, offset, twos.length);
            return Binary.fromConstantByteArray(fixed);
        }, full);
        return new Compiled(t, inner.node());
    }

    /** The fewest bytes whose two's complement holds every number of that many decimal digits. */
    private static int bytesFor(int precision) {
        BigInteger max = BigInteger.TEN.pow(precision);
        return (max.bitLength() + 1 + 7) / 8;
    }

    private static Compiled list(Schema schema, String name, Repetition rep, Set<String> millisFields) {
        Compiled element = within("[]", () -> compile(schema.valueSchema(), "element", millisFields));
        Type t = Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                .addField(Types.repeatedGroup().addField(element.type()).named("list")).named(name);
        Node e = element.node();
        return new Compiled(t, new Node(rep) {
            /** The repetition level of the list's second and later elements. */
            private int repeated;

            @Override
            Object prepare(Object value) {
                List<?> in = (List<?>) value;
                Object[] out = new Object[in.size()];
                for (int i = 0; i < out.length; i++) {
                    Object v = in.get(i);
                    try {
                        out[i] = v == null ? nullFor(schema.valueSchema()) : e.prepare(v);
                    } catch (ColumnFailure f) {
                        throw f.within("[" + i + "]");
                    }
                }
                return out;
            }

            @Override
            int bindChildren(int repetition, int first) {
                repeated = repetition + 1;
                // The repeated group "list" is one level deeper than the list; the element sits in it.
                return e.bind(definition + 1, repeated, first);
            }

            @Override
            void write(ColumnWriter[] leaves, Object prepared, int repetition) {
                Object[] items = (Object[]) prepared;
                if (items.length == 0) {
                    writeAbsent(leaves, repetition, definition);
                    return;
                }
                int r = repetition;
                for (Object item : items) {
                    if (item == null) {
                        e.writeAbsent(leaves, r, definition + 1);
                    } else {
                        e.write(leaves, item, r);
                    }
                    r = repeated;
                }
            }
        });
    }

    private static Compiled map(Schema schema, String name, Repetition rep, Set<String> millisFields) {
        Compiled key = within("{}", () -> compile(schema.keySchema(), "key", millisFields));
        Compiled value = within("{}", () -> compile(schema.valueSchema(), "value", millisFields));
        if (key.type().isRepetition(Repetition.OPTIONAL)) {
            throw new ColumnFailure(describeConnect(schema), "a Parquet MAP key cannot be null");
        }
        Type t = Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
                .addField(Types.repeatedGroup().addField(key.type()).addField(value.type()).named("key_value"))
                .named(name);
        Node k = key.node();
        Node val = value.node();
        return new Compiled(t, new Node(rep) {
            /** The repetition level of the map's second and later entries. */
            private int repeated;

            @Override
            Object prepare(Object v) {
                Map<?, ?> in = (Map<?, ?>) v;
                Object[] out = new Object[in.size() * 2];
                int i = 0;
                for (Map.Entry<?, ?> entry : in.entrySet()) {
                    try {
                        out[i++] = k.prepare(entry.getKey());
                        out[i++] = entry.getValue() == null ? nullFor(schema.valueSchema())
                                : val.prepare(entry.getValue());
                    } catch (ColumnFailure f) {
                        throw f.within("{}");
                    }
                }
                return out;
            }

            @Override
            int bindChildren(int repetition, int first) {
                repeated = repetition + 1;
                // Key and value sit in the repeated group "key_value", one level deeper than the map.
                return val.bind(definition + 1, repeated, k.bind(definition + 1, repeated, first));
            }

            @Override
            void write(ColumnWriter[] leaves, Object prepared, int repetition) {
                Object[] kv = (Object[]) prepared;
                if (kv.length == 0) {
                    writeAbsent(leaves, repetition, definition);
                    return;
                }
                int r = repetition;
                for (int i = 0; i < kv.length; i += 2) {
                    k.write(leaves, kv[i], r);
                    if (kv[i + 1] == null) {
                        val.writeAbsent(leaves, r, definition + 1);
                    } else {
                        val.write(leaves, kv[i + 1], r);
                    }
                    r = repeated;
                }
            }
        });
    }

    /** Null where the schema allows it; else the failure a null in a required column is. */
    private static Object nullFor(Schema schema) {
        if (schema.isOptional()) {
            return null;
        }
        throw new ColumnFailure(describeConnect(schema), "the value is null but the schema is not optional");
    }

    private static Compiled struct(Schema schema, String name, Repetition rep, Set<String> millisFields) {
        List<Field> fields = schema.fields();
        Types.GroupBuilder<GroupType> group = Types.buildGroup(rep);
        Node[] nodes = new Node[fields.size()];
        for (int i = 0; i < nodes.length; i++) {
            Field field = fields.get(i);
            Compiled c = within(field.name(), () -> compile(field.schema(), field.name(), millisFields));
            group.addField(c.type());
            nodes[i] = c.node();
        }
        return new Compiled(group.named(name), new StructNode(schema, rep, fields, nodes));
    }

    /** Compiles a part of a schema; a part without a Parquet form fails naming its path (table column first). */
    private static Compiled within(String segment, Supplier<Compiled> part) {
        try {
            return part.get();
        } catch (ColumnFailure e) {
            throw e.within(segment);
        }
    }

    private static final class StructNode extends Node {
        private final Schema schema;
        private final Field[] fields;
        /** Fields without a default: Struct.get(Field) reads them by position, which is what they hold. */
        private final boolean[] byPosition;
        private final Node[] nodes;

        StructNode(Schema schema, Repetition rep, List<Field> fields, Node[] nodes) {
            super(rep);
            this.schema = schema;
            this.fields = fields.toArray(new Field[0]);
            this.byPosition = new boolean[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                byPosition[i] = this.fields[i].schema().defaultValue() == null;
            }
            this.nodes = nodes;
        }

        @Override
        Object prepare(Object value) {
            Struct struct = (Struct) value;
            // The compiled schema itself (the usual case): fields by position, no lookup by name.
            boolean compiled = struct.schema() == schema;
            Object[] out = new Object[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                Field field = fields[i];
                try {
                    // Never the field's default: a NULL column stays null (as the JSON lines write it).
                    Object v = compiled && byPosition[i] ? struct.get(field) : struct.getWithoutDefault(field.name());
                    out[i] = v == null ? nullFor(field.schema()) : nodes[i].prepare(v);
                } catch (ColumnFailure f) {
                    throw f.within(field.name());
                } catch (ClassCastException e) {
                    throw new ColumnFailure("STRUCT", "the value is not a Struct").within(field.name());
                }
            }
            return out;
        }

        @Override
        int bindChildren(int repetition, int first) {
            int next = first;
            for (Node node : nodes) {
                next = node.bind(definition, repetition, next);
            }
            return next;
        }

        void writeFields(ColumnWriter[] leaves, Object[] values, int repetition) {
            for (int i = 0; i < nodes.length; i++) {
                if (values[i] == null) {
                    nodes[i].writeAbsent(leaves, repetition, definition);
                } else {
                    nodes[i].write(leaves, values[i], repetition);
                }
            }
        }

        @Override
        void write(ColumnWriter[] leaves, Object prepared, int repetition) {
            writeFields(leaves, (Object[]) prepared, repetition);
        }
    }
}
