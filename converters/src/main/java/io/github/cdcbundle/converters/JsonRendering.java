package io.github.cdcbundle.converters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.github.cdcbundle.converters.internal.FieldFailure;
import io.github.cdcbundle.converters.internal.JsonReader;
import io.github.cdcbundle.converters.internal.OutputBuffer;
import io.github.cdcbundle.converters.internal.PlanCompiler;
import io.github.cdcbundle.converters.internal.SchemaHeaders;
import io.github.cdcbundle.converters.internal.SchemaJson;
import io.github.cdcbundle.converters.internal.TypedReader;
import io.github.cdcbundle.converters.internal.ValueWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * The converter's rendering, for reuse by other plugins (the S3 sink writes its JSON lines with it): a Connect value
 * and its schema to JSON, and JSON back to schemaless values. Thread-safe; create one per set of options and keep it,
 * since it caches a rendering plan per schema.
 *
 * <pre>{@code
 * JsonRendering json = JsonRendering.create(Map.of("decimal.format", "string"));
 * json.write(record.valueSchema(), record.value(), out);   // one JSON value, no newline (throws IOException)
 * byte[] bytes = json.render(schema, value);
 * Object value = json.read(bytes);                          // Map / List / String / Long / BigDecimal / ...
 * }</pre>
 *
 * <p>No Jackson type appears in this API: Jackson is relocated inside the converter jar.
 */
public final class JsonRendering {
    private final JsonFactory factory;
    private final PlanCompiler plans;
    private final JsonReader reader;
    private final ThreadLocal<Session> sessions = new ThreadLocal<>();
    private final int schemaCacheSize;
    private final SchemaHeaders headers;

    public JsonRendering(AnalystJsonConverterConfig config) {
        this.factory = JsonFactory.builder()
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
                // Characters outside the BMP as their 4 UTF-8 bytes (as PostgreSQL writes them), not \uD83D\uDC18.
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                // The shortest text that reads back as the same double (Java 19+'s and PostgreSQL's rule); Java 17's
                // Double.toString sometimes adds a digit, and takes about twice as long.
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
        this.plans = new PlanCompiler(config, factory);
        this.schemaCacheSize = config.schemaCacheSize;
        this.reader = new JsonReader(config.readDecimal == AnalystJsonConverterConfig.ReadDecimal.BIG_DECIMAL);
        TypedReader typed = new TypedReader(config, raw -> new String(render(null, raw), StandardCharsets.UTF_8));
        this.headers = new SchemaHeaders(config.schemaCacheSize, new SchemaJson(factory), typed::compile);
    }

    /**
     * The schema header for a schema: compact JSON, serialized once per schema object and then returned as the same
     * array (callers must not modify it).
     */
    public byte[] schemaHeader(Schema schema) {
        return headers.header(schema);
    }

    /**
     * Reads JSON written under {@code schemaHeader} back into typed Connect data: the schema rebuilt from the header
     * (once per distinct header) and a value of that schema (a Struct for rows). Failures name the field path and
     * its schema, never the value.
     */
    public SchemaAndValue readTyped(byte[] schemaHeader, byte[] json) {
        SchemaHeaders.Decoded decoded = headers.decode(schemaHeader);
        Object raw = read(json);
        try {
            return new SchemaAndValue(decoded.schema, decoded.decoder.decode(raw));
        } catch (FieldFailure e) {
            throw new DataException(e.describe("read"));
        }
    }

    /** Rendering with the converter's options (see converters/README.md); unset options take their defaults. */
    public static JsonRendering create(Map<String, ?> options) {
        Map<String, Object> props = new HashMap<>(options);
        props.putIfAbsent(ConverterConfig.TYPE_CONFIG, ConverterType.VALUE.getName());
        return new JsonRendering(new AnalystJsonConverterConfig(props));
    }

    /** The value as UTF-8 JSON; a null value is the JSON literal null. */
    public byte[] render(Schema schema, Object value) {
        Session session;
        try {
            session = renderInSession(schema, value, null);
        } catch (IOException e) {
            // Only the session's own buffer is written, and it does not throw.
            throw new DataException("Cannot write JSON: " + e.getClass().getSimpleName(), e);
        }
        try {
            return session.buffer.take();
        } finally {
            session.busy = false;
        }
    }

    /**
     * Writes the value as one UTF-8 JSON value to {@code out} (nothing before or after it); does not close or flush
     * {@code out}. The value is rendered completely before the first byte is written, so a value that fails (a
     * {@link DataException} naming the field and type) leaves {@code out} untouched: a JSON-lines file never gets
     * half a record. Unlike {@link #render}, allocates nothing per value.
     */
    public void write(Schema schema, Object value, OutputStream out) throws IOException {
        Session session = renderInSession(schema, value, null);
        try {
            session.buffer.moveTo(out);
        } finally {
            session.busy = false;
        }
    }

    /**
     * Writes the value to {@code out} while rendering it, without first holding it whole: one copy less than
     * {@link #write}, for callers that can undo a failure. A value that fails (a {@link DataException} naming the
     * field and type) may have left part of itself in {@code out}: the caller must roll {@code out} back, e.g. by
     * truncating its own buffer. {@code IOException}s are {@code out}'s own.
     */
    public void writeStreaming(Schema schema, Object value, OutputStream out) throws IOException {
        renderInSession(schema, value, out).busy = false;
    }

    /**
     * Renders with this thread's session: into its buffer, or straight to {@code target} when not null. On success
     * the session is returned busy, and the caller takes what it needs and clears {@code busy}.
     */
    private Session renderInSession(Schema schema, Object value, OutputStream target) throws IOException {
        Session session = sessions.get();
        if (session == null || session.busy) {
            // busy: a value being rendered renders another one on this thread (a custom Struct's toString, say).
            session = new Session(factory, schemaCacheSize);
            sessions.set(session);
        }
        session.busy = true;
        session.buffer.target(target);
        boolean written = false;
        try {
            writeValue(session.generator, session.planFor(schema, plans), schema, value);
            session.generator.flush();
            written = true;
            return session;
        } finally {
            session.buffer.target(null);
            if (!written) {
                session.busy = false;
                // The generator may be inside an unfinished object: start the next record with a fresh one.
                sessions.remove();
            }
        }
    }

    private static void writeValue(JsonGenerator generator, ValueWriter plan, Schema schema, Object value)
            throws IOException {
        if (value == null) {
            generator.writeNull();
            return;
        }
        try {
            plan.write(generator, value);
        } catch (FieldFailure e) {
            throw new DataException(e.describe());
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(FieldFailure.of(e, schema, value).describe());
        }
    }

    /**
     * A generator per thread, kept across records: creating a generator (context, buffers) costs about as much as
     * writing a small row. Successive records are successive root values with no separator between them, each taken
     * out of the buffer as soon as it is complete.
     */
    private static final class Session {
        final OutputBuffer buffer = new OutputBuffer();
        final JsonGenerator generator;
        /**
         * Plans by schema identity. Source connectors hand out one schema instance per table, but a connector with
         * many tables alternates between them, and the shared cache's lookup by equality hashes the whole schema
         * tree (ConnectSchema.hashCode walks every field) on every such switch.
         */
        final Map<Schema, ValueWriter> recent = new IdentityHashMap<>();
        final int recentLimit;
        boolean busy;

        ValueWriter planFor(Schema schema, PlanCompiler plans) {
            ValueWriter plan = recent.get(schema);
            if (plan == null) {
                plan = plans.planFor(schema);
                if (recent.size() >= recentLimit) {
                    // Schemas rebuilt for every record (some sink converters) would otherwise pile up here.
                    recent.clear();
                }
                recent.put(schema, plan);
            }
            return plan;
        }

        Session(JsonFactory factory, int recentLimit) {
            this.recentLimit = recentLimit;
            try {
                generator = factory.createGenerator(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null);
        }
    }

    /** Reads one JSON value into schemaless Connect values; empty or null input is null. */
    public Object read(byte[] json) {
        if (json == null || json.length == 0) {
            return null;
        }
        try (JsonParser parser = factory.createParser(json)) {
            return reader.read(parser);
        } catch (JsonReader.TrailingContent e) {
            throw new DataException("The input is not one JSON value: more follows the first value");
        } catch (JsonProcessingException e) {
            // The parser's own message quotes the offending input; only its position is reported.
            JsonLocation at = e.getLocation();
            throw new DataException("The input is not valid JSON" + (at == null ? ""
                    : " (error at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new DataException("Cannot read JSON: " + e.getClass().getSimpleName(), e);
        }
    }

    /** How many schemas have a cached plan (for tests and metrics). */
    public long cachedPlans() {
        return plans.cachedPlans();
    }
}
