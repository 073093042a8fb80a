package com.carerelay.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One CareRelay service as its own OS process ({@code java -jar <service>-exec.jar}), the way it is deployed:
 * it can be killed (-9) alone, stopped with SIGTERM (timed) and started again with the same command line.
 * Its output is appended to {@code <name>.log} in the harness's directory across restarts.
 */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final List<String> command;
    private final Path log;
    private final Path home;
    private Process process;

    ServiceProcess(String name, Path jar, int port, Map<String, String> properties, List<String> jvmOptions, Path home) {
        this.name = name;
        this.port = port;
        this.home = home;
        this.log = home.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        this.command = List.copyOf(command);
    }

    /**
     * The properties every service process gets: its port and database on {@code jdbcBase}, the broker, the
     * SMTP server, the token issuer and its JWKS.
     */
    static Map<String, String> properties(String name, int port, String jdbcBase, String kafka, int smtpPort,
                                          String issuer, String jwkSetUri) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("spring.datasource.url", jdbcBase + name);
        properties.put("spring.datasource.username", "carerelay");
        properties.put("spring.datasource.password", "carerelay");
        properties.put("spring.kafka.bootstrap-servers", kafka);
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwkSetUri);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(smtpPort));
        properties.put("carerelay.secrets.allow-development-keys", "true");
        properties.put("carerelay.attachments.clamav.required", "false");
        properties.put("logging.level.org.apache.kafka", "WARN");
        properties.put("logging.level.org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "ERROR");
        return properties;
    }

    /** The service's executable jar, built by {@code package} (see the README). */
    static Path jar(String name) throws IOException {
        Path target = Path.of(System.getProperty("fault.jars", "..")).resolve(name + "-service").resolve("target");
        try (java.util.stream.Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + name + "-service exec jar in " + target
                            + ": build it first (see the README)"));
        }
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    String url() {
        return "http://localhost:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    synchronized void start() throws IOException {
        if (alive()) {
            return;
        }
        Files.writeString(log, "\n===== " + Instant.now() + " starting " + name + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until readiness answers 200 (database reachable, context started); the time it took. */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + "), see " + log);
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return Duration.between(start, Instant.now());
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ", see " + log);
    }

    /** kill -9: no shutdown hooks, no graceful anything, as when the host or the container dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * How a SIGTERM went: the time until the process exited, whether that was within the limit, its exit code
     * (-9: still running after the grace, killed) and the thread dump taken at the limit, if it was reached.
     */
    record Stop(String service, Duration took, boolean exited, int exitCode, Path threadDump) {
        boolean killed() {
            return exitCode == -9;
        }
    }

    /**
     * Sends SIGTERM and waits up to {@code limit}; if the process is still there, saves a thread dump
     * ({@code jcmd <pid> Thread.print}), waits {@code grace} more, then kills it (-9) so the harness can go on.
     */
    Stop terminate(Duration limit, Duration grace) throws InterruptedException, IOException {
        Instant start = Instant.now();
        process.destroy(); // SIGTERM on Linux
        if (process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return new Stop(name, Duration.between(start, Instant.now()), true, process.exitValue(), null);
        }
        Path dump = home.resolve(name + "-sigterm-" + System.currentTimeMillis() + ".threads.txt");
        Path jcmd = Path.of(java()).resolveSibling("jcmd");
        Process dumping = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
                .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        dumping.waitFor(20, TimeUnit.SECONDS);
        boolean exited = process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        Duration took = Duration.between(start, Instant.now());
        if (!exited) {
            kill();
        }
        return new Stop(name, took, false, exited ? process.exitValue() : -9, dump);
    }

    @Override
    public String toString() {
        return name + " (pid " + (process == null ? "-" : process.pid()) + ", port " + port + ")";
    }
}
