package io.github.cdcbundle.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class SchemaCacheTest {
    private static Schema row() {
        return SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA).build();
    }

    @Test
    void derivesOncePerSchemaWhetherTheSameInstanceOrAnEqualOneComesBack() {
        List<Schema> derived = new ArrayList<>();
        SchemaCache<Schema, String> cache = new SchemaCache<>(4);
        Schema first = row();
        String a = cache.get(first, s -> {
            derived.add(s);
            return "plan of " + s.name();
        });
        assertThat(cache.get(first, s -> "again")).isSameAs(a);
        // a sink whose converter rebuilds the schema per record: equal, not identical, still a hit
        assertThat(cache.get(row(), s -> "again")).isSameAs(a);
        assertThat(derived).containsExactly(first);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void isBoundedByItsSize() {
        SchemaCache<Integer, Integer> cache = new SchemaCache<>(2);
        for (int i = 0; i < 5; i++) {
            cache.get(i, k -> k * 10);
        }
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(4, k -> -1)).isEqualTo(40);
        assertThat(cache.get(0, k -> -1)).as("evicted, derived again").isEqualTo(-1);
    }
}
