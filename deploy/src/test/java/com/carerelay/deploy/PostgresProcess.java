package com.carerelay.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local stack's durable PostgreSQL server (fsync on, see {@link LocalStack#startPostgres}) that the fault
 * harness can kill -9, postmaster and every backend at once, as when its host dies, and start again with the
 * same binaries, data directory, port and options (the postmaster's own command line, read from /proc).
 */
final class PostgresProcess implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final EmbeddedPostgres first;
    private final List<String> command;
    private final Path log;

    PostgresProcess(Path dataDirectory, int port, Path log) throws Exception {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.log = log;
        this.first = LocalStack.startPostgres(dataDirectory, port);
        byte[] cmdline = Files.readAllBytes(Path.of("/proc", String.valueOf(postmasterPid()), "cmdline"));
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; zonky starts it in a user namespace (unshare -U), and so does a restart
            command.addAll(List.of("unshare", "-U"));
        }
        Arrays.stream(new String(cmdline, StandardCharsets.UTF_8).split("\0")).filter(s -> !s.isEmpty()).forEach(command::add);
        this.command = List.copyOf(command);
    }

    int port() {
        return port;
    }

    String jdbcBase() {
        return "jdbc:postgresql://localhost:" + port + "/";
    }

    long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
    }

    /** kill -9 of the postmaster and all its children (backends, checkpointer, WAL writer...) at the same moment. */
    List<Long> kill() throws IOException, InterruptedException {
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no postmaster " + pid));
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.children().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        Instant deadline = Instant.now().plusSeconds(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        return all.stream().map(ProcessHandle::pid).toList();
    }

    /** Starts the server again on the same data directory (crash recovery) and waits until it takes connections. */
    Duration restart() throws IOException, InterruptedException {
        Instant start = Instant.now();
        Files.writeString(log, "\n===== " + start + " restarting PostgreSQL\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        Process postmaster = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Instant deadline = start.plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            if (!postmaster.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited on restart, see " + log);
            }
            try (Connection ignored = DriverManager.getConnection(jdbcBase() + "postgres", "carerelay", "carerelay")) {
                return Duration.between(start, Instant.now());
            } catch (SQLException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("PostgreSQL did not come back within 120 s, see " + log);
    }

    /** A fast shutdown of whichever postmaster runs on the data directory now (zonky's pg_ctl stop, else SIGINT). */
    @Override
    public void close() throws Exception {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        long pid = postmasterPid();
        try {
            first.close(); // pg_ctl -D <data directory> stop -m fast: stops a restarted postmaster too
        } catch (IOException | RuntimeException notStopped) {
            // pg_ctl gave up waiting; SIGINT (fast shutdown) below
        }
        if (ProcessHandle.of(pid).isPresent()) {
            new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }
}
