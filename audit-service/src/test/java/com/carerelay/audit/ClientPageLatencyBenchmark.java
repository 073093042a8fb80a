package com.carerelay.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark: latency of a client's log page through the API (JWT check, query, and the query's own
 * chained audit entry) over a large log. The log is filled with SQL (many practices, many subjects)
 * plus a history of a few thousand entries for the client under test; the target is p99 ≤ 50 ms.
 * Size with {@code -Daudit.benchmark.rows=N} (default 500,000; the README quotes 5,000,000).
 */
class ClientPageLatencyBenchmark extends AuditIntegrationTest {

    @Test
    void aClientsPageStaysFastOnALargeLog() {
        long rows = Long.getLong("audit.benchmark.rows", 500_000L);
        Practice practice = newPractice();
        UUID ana = practice.client("Ana", "Lima");
        String token = practice.auditor(practice.staff("Alex", "Auditor", "audit:read"));

        long filling = System.nanoTime();
        // other practices' logs: 100 practices, 40 entries per subject on average, spread over a year
        jdbc.update("""
                insert into audit_entry (practice_id, chain_seq, occurred_at, recorded_at, actor_id, actor_kind,
                    actor_name, action, subject_id, subject_kind, message_id, channel, outcome, reason, content_sha256,
                    detail, event_id, event_type, prev_hash, hash)
                select ('00000000-0000-4000-8000-' || lpad(to_hex(g % 100), 12, '0'))::uuid, g,
                    now() - make_interval(secs => (g * 6.31) % 31536000), now(),
                    md5('actor' || (g % 5000))::uuid, 'staff', 'Staff ' || (g % 5000),
                    (array['message.received', 'delivery.sent', 'delivery.delivered', 'message.read'])[1 + g % 4],
                    md5('subject' || (g % (? / 40 + 1)))::uuid, 'client', md5('message' || (g / 4))::uuid,
                    (array['in_app', 'email', 'push', 'webhook'])[1 + (g / 4) % 4], 'success', null,
                    md5('content' || g), null, 'bench-' || g, 'carerelay.message.sent.v1',
                    sha256(int8send(g - 1)), sha256(int8send(g))
                from generate_series(1, ?) as g""", rows, rows);
        // the client's own history: 5,000 entries over the past year, in the practice whose auditor asks
        jdbc.update("""
                insert into audit_entry (practice_id, chain_seq, occurred_at, recorded_at, actor_id, actor_kind,
                    actor_name, action, subject_id, subject_kind, message_id, channel, outcome, reason, content_sha256,
                    detail, event_id, event_type, prev_hash, hash)
                select ?, 1000000000000 + g, now() - make_interval(secs => g * 6307), now(),
                    md5('actor' || (g % 7))::uuid, 'staff', 'Staff ' || (g % 7),
                    (array['message.received', 'delivery.sent', 'delivery.delivered', 'message.read'])[1 + g % 4],
                    ?, 'client', md5('ana-message' || (g / 4))::uuid,
                    (array['in_app', 'email', 'push', 'webhook'])[1 + (g / 4) % 4],
                    case when g % 50 = 0 then 'failure' else 'success' end, null, md5('content' || g), null,
                    'bench-ana-' || g, 'carerelay.message.sent.v1', sha256(int8send(g - 1)), sha256(int8send(g))
                from generate_series(1, 5000) as g""", practice.id, ana);
        // settle the bulk load first, as a long-lived log is: otherwise autovacuum's pass over the new
        // rows and the checkpoint writing them out would run during the measurement
        superuser.execute("vacuum analyze audit_entry");
        superuser.execute("checkpoint");
        double fillSeconds = (System.nanoTime() - filling) / 1e9;
        long total = jdbc.queryForObject("select count(*) from audit_entry", Long.class);

        String base = "/api/v1/audit/clients/" + ana + "/entries";
        JsonNode second = page(base + "?limit=50", token);
        String cursor = second.get("nextCursor").asString();
        List<String> paths = List.of(base + "?limit=50", base + "?limit=50&cursor=" + cursor,
                base + "?limit=50&action=delivery.delivered", base + "?limit=50&outcome=failure&channel=in_app",
                base + "?limit=50&from=2020-01-01T00:00:00Z&to=" + java.time.Instant.now().minusSeconds(86400 * 90));
        for (int i = 0; i < 50; i++) {
            page(paths.get(i % paths.size()), token);
        }
        List<Double> millis = new ArrayList<>();
        List<List<Double>> perKind = new ArrayList<>();
        paths.forEach(path -> perKind.add(new ArrayList<>()));
        for (int i = 0; i < 500; i++) {
            String path = paths.get(i % paths.size());
            long start = System.nanoTime();
            Http.Response response = http().get(path, token);
            double elapsed = (System.nanoTime() - start) / 1e6;
            millis.add(elapsed);
            perKind.get(i % paths.size()).add(elapsed);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("entries").size()).as(path).isPositive();
        }
        Collections.sort(millis);
        double p50 = millis.get(millis.size() / 2);
        double p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
        String plan = String.join("\n", jdbc.queryForList("""
                explain (analyze, buffers) select id from audit_entry
                where practice_id = ? and subject_id = ? and subject_kind = 'client' and action = 'delivery.delivered'
                order by occurred_at desc, id desc limit 51""", String.class, practice.id, ana));
        System.out.printf("BENCHMARK client page: %d rows in audit_entry (filled in %.1f s), 500 requests of 5 kinds: "
                + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", total, fillSeconds, p50, p99, millis.getLast());
        for (int kind = 0; kind < paths.size(); kind++) {
            List<Double> sorted = new ArrayList<>(perKind.get(kind));
            Collections.sort(sorted);
            System.out.printf("BENCHMARK   %-60s p50 %.1f ms, max %.1f ms%n", paths.get(kind).replace(base, "")
                    .replaceAll("cursor=[^&]+", "cursor=..."), sorted.get(sorted.size() / 2), sorted.getLast());
        }
        System.out.println(plan);
        assertThat(plan).contains("audit_entry_subject_idx");
        assertThat(p99).as("p99 ms").isLessThanOrEqualTo(50.0);
    }
}
