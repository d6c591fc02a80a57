package io.github.cdcbundle.converters.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes one non-null value of one schema; built once per schema by {@link PlanCompiler}. */
@FunctionalInterface
public interface ValueWriter {
    void write(JsonGenerator out, Object value) throws IOException;
}
