package com.carerelay.deploy;

import com.carerelay.events.DirectoryChanged;
import com.carerelay.events.EventEnvelope;
import com.carerelay.events.Topics;
import com.carerelay.testing.Http;
import com.carerelay.testing.TestTokens;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Load harness for the whole system co-located on one machine, as production would run it but on one
 * box: PostgreSQL with fsync on, a Kafka broker process, GreenMail, the four services. Measures
 * <ol>
 *   <li>sustained end-to-end sends: {@code CONCURRENCY} callers post messages (one staff recipient each)
 *   for {@code DURATION}; then waits until every message is delivered (status back in messaging-service)
 *   and audited (delivery entry in audit-service), and prints accepted/s, send latency and end-to-end rates;</li>
 *   <li>one message to 10,000 portal clients: time to 201, to all delivered, to all audited.</li>
 * </ol>
 * Not part of {@code ./mvnw verify}; run it with the command in the README ("Benchmarks").
 */
class SendThroughputBenchmark {

    static final Duration DURATION = Duration.ofSeconds(Long.getLong("benchmark.seconds", 40));
    /**
     * Four Spring applications in one JVM on two cores need minutes before the JIT has compiled the hot
     * paths (with G1: 488 sends/s after 150 s against 447/s after 60 s, otherwise the same).
     */
    static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("benchmark.warmup.seconds", 150));
    static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 64);
    static final int SENDERS = 50;
    static final int STAFF_RECIPIENTS = 200;
    /** Staff recipients per message (distinct); each is one delivery and one audit entry. */
    static final int RECIPIENTS_PER_MESSAGE = Integer.getInteger("benchmark.recipients", 1);
    static final int CLIENTS = Integer.getInteger("benchmark.clients", 10_000);

    @Test
    void sustainedSendsAndATenThousandClientMessage() throws Exception {
        Path home = Files.createTempDirectory("carerelay-benchmark");
        int kafkaPort = freePort();
        try (EmbeddedPostgres postgres = LocalStack.startPostgres(home.resolve("postgres"), freePort())) {
            String jdbcBase = "jdbc:postgresql://localhost:" + postgres.getPort() + "/";
            CommitCeiling ceiling = CommitCeiling.measure(jdbcBase + "postgres");
            System.out.println(ceiling);
            Process kafka = LocalStack.startKafka(home.resolve("kafka"), kafkaPort, freePort());
            GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            List<String> settings = List.of(
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.ISSUER,
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + TestTokens.jwkSetUri(),
                    "carerelay.messages.rate-limit.sends-per-minute=1000000",
                    "spring.datasource.hikari.maximum-pool-size=16",
                    // as deployed (the shared defaults), not the local stack's record-every-trace
                    "management.tracing.sampling.probability=0.1");
            try (AutoCloseable services = PROCESSES
                    ? startProcesses(home, jdbcBase, "localhost:" + kafkaPort, smtp.getSmtp().getPort(), settings)
                    : startInThisJvm(jdbcBase, "localhost:" + kafkaPort, smtp.getSmtp().getPort(), settings)) {
                run(messagingUrl, jdbcBase, "localhost:" + kafkaPort, ceiling);
            } finally {
                smtp.stop();
                kafka.destroy();
                kafka.waitFor();
            }
        }
    }

    /** {@code -Dbenchmark.processes=true}: each service as its own OS process, as deployed, instead of all in this JVM. */
    static final boolean PROCESSES = Boolean.getBoolean("benchmark.processes");
    static final List<String> PROCESS_JVM = Arrays.asList(System.getProperty("benchmark.jvm.options",
            "-Xmx768m -XX:+UseParallelGC").split(" "));

    private String messagingUrl;

    private AutoCloseable startInThisJvm(String jdbcBase, String kafka, int smtpPort, List<String> settings) {
        CareRelaySystem system = CareRelaySystem.start(new CareRelaySystem.Settings(jdbcBase, "carerelay", "carerelay",
                kafka, "127.0.0.1", smtpPort, new CareRelaySystem.Ports(freePort(), freePort(), freePort(), freePort()),
                false, settings));
        messagingUrl = system.url("messaging");
        return system;
    }

    private AutoCloseable startProcesses(Path home, String jdbcBase, String kafka, int smtpPort, List<String> settings)
            throws Exception {
        List<ServiceProcess> services = new ArrayList<>();
        for (String name : List.of("directory", "messaging", "delivery", "audit")) {
            Map<String, String> properties = ServiceProcess.properties(name, freePort(), jdbcBase, kafka, smtpPort,
                    TestTokens.ISSUER, TestTokens.jwkSetUri());
            settings.forEach(setting -> properties.put(setting.substring(0, setting.indexOf('=')),
                    setting.substring(setting.indexOf('=') + 1)));
            properties.put("carerelay.security.public-operator-views", "true");
            ServiceProcess service = new ServiceProcess(name, ServiceProcess.jar(name), Integer.parseInt(
                    properties.get("server.port")), properties, PROCESS_JVM, home);
            service.start();
            services.add(service);
        }
        AutoCloseable stopAll = () -> {
            for (ServiceProcess service : services) {
                if (service.alive()) {
                    service.terminate(Duration.ofSeconds(20), Duration.ofSeconds(5));
                }
            }
        };
        try {
            for (ServiceProcess service : services) {
                System.out.println(service + " ready after " + service.awaitReady(Duration.ofMinutes(5)));
            }
        } catch (RuntimeException notReady) {
            stopAll.close(); // no service process outlives a failed start
            throw notReady;
        }
        messagingUrl = services.get(1).url();
        return stopAll;
    }

    private void run(String messagingUrl, String jdbcBase, String kafka, CommitCeiling ceiling) throws Exception {
        UUID practiceId = UUID.randomUUID();
        List<UUID> senders = new ArrayList<>();
        List<UUID> staff = new ArrayList<>();
        List<UUID> clients = new ArrayList<>();
        seedDirectory(kafka, practiceId, senders, staff, clients);
        awaitCount(jdbcBase + "messaging", "select count(*) from directory_entry", SENDERS + STAFF_RECIPIENTS + CLIENTS,
                Duration.ofMinutes(3));
        awaitCount(jdbcBase + "delivery", "select count(*) from directory_entry", SENDERS + STAFF_RECIPIENTS + CLIENTS,
                Duration.ofMinutes(3));
        List<String> tokens = senders.stream()
                .map(sender -> TestTokens.staff(sender, practiceId, "message:send", "message:send-client")).toList();
        Http messaging = new Http(messagingUrl);

        // warm-up: JIT, connection pools, consumer assignments
        runSends(messagingUrl, tokens, staff, WARM_UP, CONCURRENCY);
        awaitCount(jdbcBase + "audit", "select count(*) from audit_entry where action = 'delivery.delivered'",
                count(jdbcBase + "messaging", "select count(*) from message"), Duration.ofMinutes(5));

        long messagesBefore = count(jdbcBase + "messaging", "select count(*) from message");
        long deliveredBefore = count(jdbcBase + "messaging", "select count(*) from recipient_channel_status where status = 'delivered'");
        long auditedBefore = count(jdbcBase + "audit", "select count(*) from audit_entry where action = 'delivery.delivered'");
        Instant start = Instant.now();
        CpuUsage cpuBefore = CpuUsage.now();
        statementsReset(jdbcBase);
        profiler("start,event=itimer,interval=2ms,threads");
        Result sends = runSends(messagingUrl, tokens, staff, DURATION, CONCURRENCY);
        Instant sendsDone = Instant.now();
        profiler("stop,file=" + System.getProperty("benchmark.profile.output", "target/send-profile.collapsed")
                + ",collapsed");
        long accepted = sends.accepted();
        Duration toDelivered = awaitCount(jdbcBase + "messaging",
                "select count(*) from recipient_channel_status where status = 'delivered'",
                deliveredBefore + accepted * RECIPIENTS_PER_MESSAGE,
                Duration.ofMinutes(10)).plus(Duration.between(start, sendsDone));
        Duration toAudited = awaitCount(jdbcBase + "audit",
                "select count(*) from audit_entry where action = 'delivery.delivered'",
                auditedBefore + accepted * RECIPIENTS_PER_MESSAGE,
                Duration.ofMinutes(10)).plus(Duration.between(start, sendsDone));
        String cpu = CpuUsage.now().since(cpuBefore, Duration.between(start, Instant.now()).toMillis() / 1000.0, accepted)
                + topStatements(jdbcBase, accepted);
        long stored = count(jdbcBase + "messaging", "select count(*) from message") - messagesBefore;
        double seconds = Duration.between(start, sendsDone).toMillis() / 1000.0;
        System.out.printf("""

                === Sustained sends: %d callers for %.0f s, %d senders, %d staff recipient(s) per message ===
                accepted (201):           %d messages, %.0f/s   (errors: %d, stored: %d)
                send latency:             p50 %.1f ms, p99 %.1f ms, max %.1f ms
                all delivered after:      %.1f s  -> %.0f messages/s end to end (accepted, delivered, status back)
                all audited after:        %.1f s  -> %.0f messages/s end to end (audit entries written and chained)
                                                   = %.0f recipient deliveries/s end to end
                                          = %.3f of PostgreSQL's single-row commit ceiling (%.0f commits/s, same run)
                JVM: %s, max heap %d MB
                CPU from the first send until all were audited (2 cores = 2.00):
                %s""", CONCURRENCY, seconds, SENDERS, RECIPIENTS_PER_MESSAGE, accepted, accepted / seconds, sends.errors(), stored,
                sends.percentile(50), sends.percentile(99), sends.percentile(100),
                toDelivered.toMillis() / 1000.0, accepted / (toDelivered.toMillis() / 1000.0),
                toAudited.toMillis() / 1000.0, accepted / (toAudited.toMillis() / 1000.0),
                accepted * RECIPIENTS_PER_MESSAGE / (toAudited.toMillis() / 1000.0),
                accepted / (toAudited.toMillis() / 1000.0) / ceiling.commitsPerSecond(), ceiling.commitsPerSecond(),
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName).collect(Collectors.joining(" + ")),
                Runtime.getRuntime().maxMemory() / (1024 * 1024), cpu);

        String body = "{\"subject\":\"Office closed Friday\",\"body\":\"Hi {{preferredName}}, the office is closed on Friday.\","
                + "\"recipients\":{\"clientIds\":[" + clients.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(","))
                + "]}}";
        profiler(System.getProperty("benchmark.broadcast-profile.start", "start,event=itimer,interval=2ms,threads"));
        Instant bigStart = Instant.now();
        Http.Response big = messaging.post("/api/v1/messages", tokens.getFirst(), body);
        Duration accept = Duration.between(bigStart, Instant.now());
        if (big.status() != 201) {
            throw new AssertionError("the 10,000-client message was refused: " + big.status() + " " + big.body());
        }
        String messageId = big.json().get("id").asString();
        // each stage timed from the send, all watched at once
        List<Duration> done = awaitAll(bigStart, CLIENTS, Duration.ofMinutes(10),
                jdbcBase + "delivery", "select count(*) from delivery_attempt where message_id = '" + messageId
                        + "' and channel = 'in_app'",
                jdbcBase + "messaging", "select count(*) from recipient_channel_status where message_id = '" + messageId
                        + "' and channel = 'in_app' and status = 'delivered'",
                jdbcBase + "audit", "select count(*) from audit_entry where message_id = '" + messageId
                        + "' and action = 'delivery.delivered' and channel = 'in_app'");
        Duration fannedOut = done.get(0);
        Duration delivered = done.get(1);
        Duration audited = done.get(2);
        profiler("stop,file=" + System.getProperty("benchmark.broadcast-profile.output",
                "target/broadcast-profile.collapsed") + ",collapsed");
        System.out.printf("""
                === One message to %d portal clients (personalized per client) ===
                accepted (201) after:     %.2f s
                all fanned out:           %.2f s (in-app attempts stored in delivery-service)
                all in-app delivered:     %.2f s (status back in messaging-service)
                all audited:              %.2f s (in-app delivery entries in each client's log)

                """, CLIENTS, accept.toMillis() / 1000.0, fannedOut.toMillis() / 1000.0, delivered.toMillis() / 1000.0,
                audited.toMillis() / 1000.0);
    }

    record Result(long accepted, long errors, long[] latenciesMicros) {
        double percentile(int p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            int index = Math.min(latenciesMicros.length - 1, (int) Math.ceil(p / 100.0 * latenciesMicros.length) - 1);
            return latenciesMicros[Math.max(0, index)] / 1000.0;
        }
    }

    private Result runSends(String messagingUrl, List<String> tokens, List<UUID> staff, Duration duration, int concurrency)
            throws InterruptedException {
        URI messaging = URI.create(messagingUrl);
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> perCaller = new ArrayList<>();
        Instant deadline = Instant.now().plus(duration);
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                long[][] latencies = {new long[4096]};
                int[] size = {0};
                synchronized (perCaller) {
                    perCaller.add(null);
                }
                int slot = perCaller.size() - 1;
                callers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    KeepAliveClient client = new KeepAliveClient(messaging.getHost(), messaging.getPort());
                    while (Instant.now().isBefore(deadline)) {
                        String token = tokens.get(random.nextInt(tokens.size()));
                        int first = random.nextInt(staff.size() - RECIPIENTS_PER_MESSAGE + 1);
                        String to = staff.subList(first, first + RECIPIENTS_PER_MESSAGE).stream()
                                .map(id -> "\"" + id + "\"").collect(Collectors.joining(","));
                        long began = System.nanoTime();
                        int status;
                        try {
                            status = client.post("/api/v1/messages", token,
                                    "{\"subject\":\"Check-in\",\"body\":\"Please confirm tomorrow's appointment.\","
                                            + "\"recipients\":{\"staffIds\":[" + to + "]}}");
                        } catch (IOException e) {
                            client.close();
                            status = -1;
                        }
                        long micros = (System.nanoTime() - began) / 1000;
                        if (status == 201) {
                            accepted.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        if (size[0] == latencies[0].length) {
                            latencies[0] = Arrays.copyOf(latencies[0], size[0] * 2);
                        }
                        latencies[0][size[0]++] = micros;
                    }
                    client.close();
                    synchronized (perCaller) {
                        perCaller.set(slot, Arrays.copyOf(latencies[0], size[0]));
                    }
                    return null;
                });
            }
        }
        long[] all = perCaller.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(accepted.get(), errors.get(), all);
    }

    private void seedDirectory(String kafka, UUID practiceId, List<UUID> senders, List<UUID> staff, List<UUID> clients) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
                new ByteArraySerializer())) {
            List<DirectoryChanged> changes = new ArrayList<>();
            changes.add(DirectoryChanged.ofPractice(practiceId, 1, new DirectoryChanged.Practice("Benchmark Practice",
                    "no-reply@bench.example", true, false)));
            for (int i = 0; i < SENDERS; i++) {
                UUID id = UUID.randomUUID();
                senders.add(id);
                changes.add(DirectoryChanged.ofStaff(id, practiceId, 1, new DirectoryChanged.Staff("Sender" + i, "Staff",
                        "sender" + i + "@bench.example", true, List.of("message:send", "message:send-client"), false)));
            }
            for (int i = 0; i < STAFF_RECIPIENTS; i++) {
                UUID id = UUID.randomUUID();
                staff.add(id);
                changes.add(DirectoryChanged.ofStaff(id, practiceId, 1, new DirectoryChanged.Staff("Staff" + i, "Member",
                        "staff" + i + "@bench.example", true, List.of(), false)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                UUID id = UUID.randomUUID();
                clients.add(id);
                changes.add(DirectoryChanged.ofClient(id, practiceId, 1, new DirectoryChanged.Client("Client" + i, "Person",
                        i % 3 == 0 ? "C" + i : null, "client" + i + "@bench.example", DirectoryChanged.PortalStatus.active,
                        true, false)));
            }
            for (DirectoryChanged change : changes) {
                producer.send(EventEnvelope.toRecord(EventEnvelope.wrap(Topics.DIRECTORY, change.entityId().toString(),
                        "/carerelay/directory", change.entityId().toString(), DirectoryChanged.TYPE, change)));
            }
            producer.flush();
        }
    }

    private static void statementsReset(String jdbcBase) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcBase + "postgres", "postgres", "postgres")) {
            connection.createStatement().execute("select pg_stat_statements_reset()");
        } catch (SQLException e) {
            System.out.println("pg_stat_statements unavailable: " + e.getMessage());
        }
    }

    /** The statements PostgreSQL spent most time in during the measured phase, per message. */
    private static String topStatements(String jdbcBase, long messages) {
        StringBuilder report = new StringBuilder("PostgreSQL statements by total time (calls and ms per message):\n");
        try (Connection connection = DriverManager.getConnection(jdbcBase + "postgres", "postgres", "postgres");
             ResultSet rows = connection.createStatement().executeQuery("""
                     select d.datname, s.calls, s.total_exec_time, s.rows, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) q
                     from pg_stat_statements s join pg_database d on d.oid = s.dbid
                     order by s.total_exec_time desc limit 25""")) {
            while (rows.next()) {
                report.append(String.format("  %-10s %6.2f calls %7.3f ms  %s%n", rows.getString(1),
                        rows.getLong(2) / (double) Math.max(1, messages), rows.getDouble(3) / Math.max(1, messages),
                        rows.getString(5)));
            }
        } catch (SQLException e) {
            report.append("  unavailable: ").append(e.getMessage()).append('\n');
        }
        return report.toString();
    }

    /**
     * With {@code -Dbenchmark.async-profiler=/path/to/async-profiler.jar} (from Maven Central,
     * tools.profiler:async-profiler), CPU-profiles the measured phase into collapsed stacks.
     */
    private static void profiler(String command) throws Exception {
        String jar = System.getProperty("benchmark.async-profiler");
        if (jar == null) {
            return;
        }
        if (PROFILER_LOADER == null) {
            PROFILER_LOADER = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()});
        }
        Class<?> profiler = PROFILER_LOADER.loadClass("one.profiler.AsyncProfiler");
        Object instance = profiler.getMethod("getInstance").invoke(null);
        System.out.println("async-profiler: " + profiler.getMethod("execute", String.class).invoke(instance, command));
    }

    private static URLClassLoader PROFILER_LOADER;

    /** Polls each (JDBC URL, count query) pair until it reaches {@code expected}; answers when each did, from {@code start}. */
    private static List<Duration> awaitAll(Instant start, long expected, Duration timeout, String... urlsAndQueries)
            throws Exception {
        Duration[] done = new Duration[urlsAndQueries.length / 2];
        Instant deadline = Instant.now().plus(timeout);
        while (Arrays.stream(done).anyMatch(java.util.Objects::isNull)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not all of " + expected + " within " + timeout + ": " + Arrays.toString(done));
            }
            for (int i = 0; i < done.length; i++) {
                if (done[i] == null && count(urlsAndQueries[2 * i], urlsAndQueries[2 * i + 1]) >= expected) {
                    done[i] = Duration.between(start, Instant.now());
                }
            }
            Thread.sleep(50);
        }
        return List.of(done);
    }

    private static Duration awaitCount(String jdbcUrl, String sql, long expected, Duration timeout) throws Exception {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        long seen = 0;
        while (Instant.now().isBefore(deadline)) {
            seen = count(jdbcUrl, sql);
            if (seen >= expected) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + seen + " of " + expected + " after " + timeout + ": " + sql);
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "carerelay", "carerelay");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
