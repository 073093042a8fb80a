package com.carerelay.deploy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The machine's ceiling the throughput benchmark is compared with, measured like pgbench's simplest
 * write test on the same PostgreSQL (same binaries, settings, fsync on): {@code CLIENTS} connections,
 * each committing one ~1 KB row per transaction, for {@code DURATION} after a short warm-up. A ratio of
 * CareRelay's end-to-end rate to this holds across machines; the rate alone does not.
 */
record CommitCeiling(double commitsPerSecond, int clients, Duration measured) {

    static final int CLIENTS = Integer.getInteger("benchmark.ceiling.clients", 8);
    static final Duration DURATION = Duration.ofSeconds(Long.getLong("benchmark.ceiling.seconds", 10));
    private static final String ROW = "x".repeat(1000);

    static CommitCeiling measure(String jdbcUrl) throws Exception {
        try (Connection setup = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            setup.createStatement().execute("drop table if exists commit_ceiling");
            setup.createStatement().execute("create table commit_ceiling (id bigserial primary key, payload text not null)");
        }
        commitFor(jdbcUrl, Duration.ofSeconds(2)); // warm-up: connections, caches
        long commits = commitFor(jdbcUrl, DURATION);
        try (Connection cleanup = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
            cleanup.createStatement().execute("drop table commit_ceiling");
        }
        return new CommitCeiling(commits / (DURATION.toMillis() / 1000.0), CLIENTS, DURATION);
    }

    private static long commitFor(String jdbcUrl, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                counts.add(clients.submit(() -> commitUntil(jdbcUrl, deadline)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        }
    }

    private static long commitUntil(String jdbcUrl, long deadline) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             PreparedStatement insert = connection.prepareStatement("insert into commit_ceiling (payload) values (?)")) {
            long commits = 0;
            while (System.nanoTime() < deadline) {
                insert.setString(1, ROW);
                insert.executeUpdate(); // autocommit: one transaction, one WAL flush per row
                commits++;
            }
            return commits;
        }
    }

    @Override
    public String toString() {
        return String.format("PostgreSQL single-row commit ceiling (pgbench-style, %d clients, %d s, fsync on): %.0f commits/s",
                clients, measured.toSeconds(), commitsPerSecond);
    }
}
