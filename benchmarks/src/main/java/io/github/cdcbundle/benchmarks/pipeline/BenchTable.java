package io.github.cdcbundle.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The captured table and the SQL that changes it: 20 columns of the types RDS users capture most (int, bigint,
 * text, numeric(12,2), timestamptz, timestamp, date, boolean, jsonb, uuid, double, smallint), the primary key as
 * replica identity (PostgreSQL's default, what most users run). Rows are about 600 bytes of JSON in the lake.
 */
final class BenchTable {
    static final int COLUMNS = 20;

    private final String name;

    BenchTable(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    String qualified() {
        return "public." + name;
    }

    String ddl() {
        return "CREATE TABLE public." + name + " (id bigint PRIMARY KEY, customer_id int NOT NULL, account bigint, "
                + "name text NOT NULL, email text, note text, amount numeric(12,2) NOT NULL, price numeric(12,2), "
                + "created_at timestamptz NOT NULL, updated_at timestamp, birthday date, active boolean NOT NULL, "
                + "flags smallint, score double precision, attrs jsonb, ref uuid NOT NULL, status text NOT NULL, "
                + "qty int, region text, version int NOT NULL)";
    }

    /** Inserts ids [from, to] in one statement: every value derived from the id, so runs are repeatable. */
    String insert(long from, long to) {
        return "INSERT INTO public." + name + " SELECT g, (g % 5000)::int, g * 7919, 'customer ' || g, "
                + "'c' || g || '@example.com', repeat('note ', 1 + (g % 20)::int), (g % 100000) / 100.0, "
                + "(g % 7777) / 10.0, now(), localtimestamp, date '2000-01-01' + (g % 9000)::int, g % 2 = 0, "
                + "(g % 16)::smallint, g / 3.0, jsonb_build_object('k', g, 'tags', jsonb_build_array('a', 'b')), "
                + "md5(g::text)::uuid, 'new', (g % 50)::int, (ARRAY['eu-west-1','us-east-1','ap-south-1'])"
                + "[1 + (g % 3)::int], 1 FROM generate_series(" + from + "::bigint, " + to + "::bigint) g";
    }

    String update(long from, long to) {
        return "UPDATE public." + name + " SET amount = amount + 1.25, status = 'paid', updated_at = localtimestamp, "
                + "version = version + 1 WHERE id BETWEEN " + from + " AND " + to;
    }

    String delete(long from, long to) {
        return "DELETE FROM public." + name + " WHERE id BETWEEN " + from + " AND " + to;
    }

    /**
     * The load of {@code changes} changes in statements of at most {@code chunk} changes each: per chunk 60 % inserts
     * of new ids, 30 % updates of the first of those, 10 % deletes of the next. Each statement is its own transaction,
     * as a batch job commits. Ids start at {@code firstId}.
     */
    List<String> load(long changes, long chunk, long firstId) {
        List<String> statements = new ArrayList<>();
        long id = firstId;
        for (long done = 0; done < changes; ) {
            long c = Math.min(chunk, changes - done);
            long inserts = c * 6 / 10;
            long updates = c * 3 / 10;
            long deletes = c - inserts - updates;
            if (inserts < updates + deletes) { // tiny remainders: all inserts, so every update and delete hits a row
                inserts = c;
                updates = 0;
                deletes = 0;
            }
            statements.add(insert(id, id + inserts - 1));
            if (updates > 0) {
                statements.add(update(id, id + updates - 1));
            }
            if (deletes > 0) {
                statements.add(delete(id + updates, id + updates + deletes - 1));
            }
            id += inserts;
            done += c;
        }
        return statements;
    }

    /**
     * {@code changes} spread over {@code tables}: each gets changes / N (the first also the remainder) as
     * {@link #load(long, long, long)} makes them, ids from 1, in statements of at most {@code chunk}; the tables'
     * statements interleaved (each table's first statement, then each table's second, …).
     */
    static List<String> load(List<BenchTable> tables, long changes, long chunk) {
        int n = tables.size();
        List<List<String>> each = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            each.add(tables.get(i).load(changes / n + (i == 0 ? changes % n : 0), chunk, 1));
        }
        List<String> statements = new ArrayList<>();
        for (int round = 0; statements.size() < each.stream().mapToInt(List::size).sum(); round++) {
            for (List<String> table : each) {
                if (round < table.size()) {
                    statements.add(table.get(round));
                }
            }
        }
        return statements;
    }

    /** One transaction's worth of the steady load: same mix, ids from {@code firstId}; returns the next free id. */
    List<String> steadyBatch(long firstId, int changes) {
        return load(changes, changes, firstId);
    }

    static long insertsOf(long changes, long chunk) {
        long n = 0;
        for (long done = 0; done < changes; ) {
            long c = Math.min(chunk, changes - done);
            long inserts = c * 6 / 10;
            n += inserts < c - inserts ? c : inserts;
            done += c;
        }
        return n;
    }
}
