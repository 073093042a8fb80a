package com.carerelay.directory.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.directory.DirectoryTestBase;
import com.carerelay.platform.security.Caller;
import com.carerelay.directory.recipient.RecipientSearch;
import com.carerelay.directory.recipient.SearchText;
import com.carerelay.events.PrincipalKind;
import com.carerelay.testing.TestTokens;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The recipient typeahead under load: the real service (Tomcat, JWT validation, Spring MVC, JSON) on
 * embedded PostgreSQL, 200,000 directory entries in one practice (plus the demo practices), and 50
 * concurrent callers sending varied prefixes over keep-alive HTTP/1.1 connections for a fixed duration
 * after a warm-up, twice: back to back (no think time: the saturation point of this machine), and paced
 * like people typing (one search per caller every 100 ms, latency counted from the scheduled send so a
 * slow answer is not hidden). Prints p50/p95/p99/max latency and throughput of both, the search without
 * HTTP, and PostgreSQL's plans of three searches.
 *
 * <p>Not part of {@code verify}; run it with {@code cd directory-service && ../mvnw verify -Pbenchmark}.
 * Knobs: {@code -Dbenchmark.entries}, {@code -Dbenchmark.callers}, {@code -Dbenchmark.seconds},
 * {@code -Dbenchmark.warmupSeconds}.
 */
class RecipientTypeaheadBenchmark extends DirectoryTestBase {

    private static final int ENTRIES = Integer.getInteger("benchmark.entries", 200_000);
    private static final int CALLERS = Integer.getInteger("benchmark.callers", 50);
    private static final int SECONDS = Integer.getInteger("benchmark.seconds", 30);
    /**
     * A running service has compiled its hot paths; on two cores the JIT needs about a minute of load for
     * that (with 10 s, JIT compilation still took a third of the CPU during the measured runs).
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("benchmark.warmupSeconds", 60);
    /** In the paced run each caller sends one search every this many milliseconds (a person typing). */
    private static final int PACE_MILLIS = Integer.getInteger("benchmark.paceMillis", 100);

    @Autowired
    DataSource dataSource;

    @Autowired
    RecipientSearch search;

    @Test
    void typeaheadLatencyAt50ConcurrentCallersOver200kEntries() throws Exception {
        Tenant tenant = newPractice(true, true);
        BulkDirectory.Loaded loaded;
        try (Connection connection = dataSource.getConnection()) {
            loaded = BulkDirectory.load(connection, tenant.id(), ENTRIES, 42);
        }
        System.out.printf("%nLoaded %,d entries (%,d suggestible, %,d recipient_index rows) in %,d ms%n",
                loaded.entries(), loaded.suggestible(), loaded.indexRows(), loaded.millis());

        List<String> queries = BulkDirectory.queries(new Random(7), 10_000);
        String token = TestTokens.staff(UUID.randomUUID(), tenant.id(), "message:send");

        run(token, queries, WARMUP_SECONDS, 0);
        // settle the table as autovacuum would on a live system (the visibility map lets scans skip the heap)
        jdbc.execute("vacuum recipient_index");
        Caller caller = new Caller(UUID.randomUUID(), PrincipalKind.staff, tenant.id(), Set.of("message:send"), "bench");
        long[] sqlOnly = new long[2_000];
        for (int i = 0; i < sqlOnly.length; i++) {
            long start = System.nanoTime();
            search.search(caller, queries.get(i), 10);
            sqlOnly[i] = System.nanoTime() - start;
        }
        Arrays.sort(sqlOnly);
        StringBuilder plans = new StringBuilder();
        for (String q : List.of("m", "mar", "maria lo")) {
            RecipientSearch.Statement statement = RecipientSearch.statement(tenant.id(), SearchText.queryWords(q), 10);
            plans.append("\n  plan of q=").append(q).append(":\n");
            jdbc.query("explain (analyze, buffers) " + statement.sql(),
                    row -> { plans.append("    ").append(row.getString(1)).append('\n'); }, statement.args().toArray());
        }

        CpuMeter cpu = new CpuMeter(jdbc.queryForObject("select pg_backend_pid()", Long.class));
        Result saturated = run(token, queries, SECONDS, 0);
        CpuMeter.Used used = cpu.used();
        Result paced = run(token, queries, SECONDS, PACE_MILLIS * 1_000_000L);

        String report = """

                Recipient typeahead benchmark (GET /api/v1/recipients?q=...&limit=10, real service over HTTP with JWT)
                  entries: %,d in one practice (%,d suggestible, %,d index rows); %d callers; %d s per run after %d s warm-up
                  saturated (no think time): %s
                  paced (each caller one search per %d ms, latency from the scheduled send): %s
                  search alone (service + SQL, one caller, no HTTP) ms  p50 %.2f  p99 %.2f
                  CPU per request in the saturated run: %.2f ms in this JVM (service and callers), %.2f ms in PostgreSQL;
                    machine load average %s (other work on this machine competes for the same 2 cores)
                """.formatted(loaded.entries(), loaded.suggestible(), loaded.indexRows(), CALLERS, SECONDS,
                WARMUP_SECONDS, saturated.summary(SECONDS), PACE_MILLIS, paced.summary(SECONDS),
                sqlOnly[sqlOnly.length / 2] / 1e6, sqlOnly[(int) (sqlOnly.length * 0.99)] / 1e6,
                used.jvmMillis() / saturated.latencies().length, used.postgresMillis() / saturated.latencies().length,
                loadAverage()) + plans;
        System.out.println(report);
        Files.writeString(Path.of("target", "benchmark-results.txt"), report);

        for (Result result : List.of(saturated, paced)) {
            assertThat(result.errors()).isZero();
            assertThat(result.latencies().length).isGreaterThan(CALLERS);
            assertThat(result.empty()).isLessThan(result.latencies().length / 10);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * CPU time used by this JVM and by the PostgreSQL server (the postmaster of {@code backendPid} and all
     * its processes, from /proc on Linux) since it was made.
     */
    private static final class CpuMeter {

        record Used(double jvmMillis, double postgresMillis) {
        }

        private final long postmaster;
        private final long jvmStart;
        private final long postgresStart;

        CpuMeter(long backendPid) {
            this.postmaster = ProcessHandle.of(backendPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)
                    .orElse(-1L);
            this.jvmStart = jvmNanos();
            this.postgresStart = postgresTicks();
        }

        Used used() {
            return new Used((jvmNanos() - jvmStart) / 1e6, (postgresTicks() - postgresStart) * 10.0);
        }

        private static long jvmNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        /** utime + stime of the postmaster and its children, in clock ticks (10 ms each). */
        private long postgresTicks() {
            return ProcessHandle.of(postmaster).stream()
                    .flatMap(process -> java.util.stream.Stream.concat(java.util.stream.Stream.of(process),
                            process.descendants()))
                    .mapToLong(process -> {
                        try {
                            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                        } catch (IOException | RuntimeException e) {
                            return 0;
                        }
                    }).sum();
        }
    }

    private record Result(long[] latencies, long errors, long empty) {

        String summary(int seconds) {
            return "%,d requests (errors %d), %,.0f req/s; latency ms p50 %.2f  p95 %.2f  p99 %.2f  p99.9 %.2f  max %.2f"
                    .formatted(latencies.length, errors, latencies.length / (double) seconds, ms(this, 0.50),
                            ms(this, 0.95), ms(this, 0.99), ms(this, 0.999), latencies[latencies.length - 1] / 1e6);
        }
    }
    private static double ms(Result result, double quantile) {
        long[] latencies = result.latencies();
        return latencies[Math.min(latencies.length - 1, (int) (latencies.length * quantile))] / 1e6;
    }

    private Result run(String token, List<String> queries, int seconds, long paceNanos) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<long[]> perCaller = new ArrayList<>();
        int[] counts = new int[CALLERS];
        AtomicLong errors = new AtomicLong();
        AtomicLong empty = new AtomicLong();
        CountDownLatch done = new CountDownLatch(CALLERS);
        for (int c = 0; c < CALLERS; c++) {
            long[] latencies = new long[2_000_000 / CALLERS * Math.max(1, seconds / 10 + 1)];
            perCaller.add(latencies);
            int callerIndex = c;
            Thread.ofPlatform().name("caller-" + c).start(() -> {
                Random random = new Random(callerIndex);
                long next = System.nanoTime() + (paceNanos == 0 ? 0 : random.nextLong(paceNanos));
                int n = 0;
                Socket socket = null;
                InputStream in = null;
                try {
                    while (System.nanoTime() < deadline && n < latencies.length) {
                        String q = queries.get(random.nextInt(queries.size()));
                        byte[] request = ("GET /api/v1/recipients?limit=10&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                        long start;
                        if (paceNanos > 0) {
                            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                            start = next;
                            next += paceNanos;
                        } else {
                            start = System.nanoTime();
                        }
                        if (socket == null) {
                            socket = new Socket("localhost", port);
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream(), 16_384);
                        }
                        OutputStream out = socket.getOutputStream();
                        out.write(request);
                        out.flush();
                        Response response = read(in);
                        latencies[n++] = System.nanoTime() - start;
                        if (response.status() != 200) {
                            errors.incrementAndGet();
                        } else if (response.body().contains("\"items\":[]")) {
                            empty.incrementAndGet();
                        }
                        if (response.close()) {
                            socket.close();
                            socket = null;
                        }
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } finally {
                    counts[callerIndex] = n;
                    done.countDown();
                    try {
                        if (socket != null) {
                            socket.close();
                        }
                    } catch (IOException ignored) {
                        // the caller is finished either way
                    }
                }
            });
        }
        done.await();
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < CALLERS; c++) {
            System.arraycopy(perCaller.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(all, errors.get(), empty.get());
    }

    /** One response; {@code close} when the server ends the connection after it (Tomcat's keep-alive limit). */
    private record Response(int status, String body, boolean close) {
    }

    /**
     * One HTTP/1.1 response: status line, headers, then a Content-Length or chunked body (one request at a time
     * per connection, so a connection's buffer never holds part of the next response).
     */
    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            line(in);
        } else if (length > 0) {
            body.write(in.readNBytes(length));
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8), close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
