package com.carerelay.deploy;

import com.carerelay.testing.Http;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fault harness (issue #10): PostgreSQL, the Kafka broker and the four services each as its own OS process,
 * a steady load of sends from three staff members (each with its own Idempotency-Key, retried with the same key
 * on 503 or a connection error), and in turn: the broker killed (-9) and restarted; PostgreSQL killed (-9,
 * postmaster and backends) and restarted; each service killed (-9) and restarted; each service stopped with
 * SIGTERM while PostgreSQL is down, then while Kafka is down (timed: must exit within 15 s). Then it checks in
 * the databases and through the APIs that every accepted send is delivered, its status back in messaging-service,
 * audited exactly once, with no duplicates and nothing dead-lettered, and prints a table per fault.
 * Not part of {@code ./mvnw verify}; run it with the command in the README ("Fault harness").
 */
class FaultHarness {

    static final double RATE = Double.parseDouble(System.getProperty("fault.rate", "25"));
    static final Duration BASELINE = seconds("fault.baseline.seconds", 20);
    static final Duration KAFKA_DOWN = seconds("fault.kafka.down.seconds", 30);
    static final Duration POSTGRES_DOWN = seconds("fault.postgres.down.seconds", 20);
    /** steady load after a fault has been caught up, before the next one */
    static final Duration SETTLE = seconds("fault.settle.seconds", 10);
    static final Duration RECOVER_TIMEOUT = seconds("fault.recover.timeout.seconds", 300);
    static final Duration FINAL_TIMEOUT = seconds("fault.final.timeout.seconds", 300);
    static final Duration GIVE_UP = seconds("fault.send.give-up.seconds", 300);
    static final Duration SIGTERM_LIMIT = seconds("fault.sigterm.limit.seconds", 15);
    /** which faults, in order: kafka, postgres, the service names, sigterm-postgres, sigterm-kafka */
    static final List<String> FAULTS = Arrays.asList(System.getProperty("fault.faults",
            "kafka,postgres,directory,messaging,delivery,audit,sigterm-postgres,sigterm-kafka").split(","));
    static final List<String> JVM = Arrays.asList(System.getProperty("fault.jvm.options",
            "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1").split(" "));
    static final int API_SAMPLE = Integer.getInteger("fault.api.sample", 20);
    /** most sends one client keeps in retry at once (25/s through a 100 s outage is 2,500) */
    static final int MAX_IN_FLIGHT = Integer.getInteger("fault.max-in-flight", 6000);

    static {
        // the harness's own Kafka clients (dead-letter reader) log every assignment at INFO
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.zonky"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    static final UUID SUNRISE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    static final UUID DANA = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final UUID SAM = UUID.fromString("33333333-3333-4333-8333-333333333333");
    static final UUID ALEX = UUID.fromString("44444444-4444-4444-8444-444444444444");
    static final UUID MORGAN = UUID.fromString("55555555-5555-4555-8555-555555555555");
    static final UUID PAT = UUID.fromString("66666666-6666-4666-8666-666666666666");
    static final List<String> SERVICES = List.of("directory", "messaging", "delivery", "audit");

    private final List<FaultReport.Phase> phases = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private Path home;
    private PostgresProcess postgres;
    private Process kafka;
    private int kafkaPort;
    private int kafkaControllerPort;
    private SendLoad load;
    private FaultChecks checks;

    @Test
    void everyAcceptedSendSurvivesEveryFault() throws Exception {
        home = Path.of("target", "fault-harness",
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now())).toAbsolutePath();
        Files.createDirectories(home);
        log("fault harness in " + home + ", faults " + FAULTS);
        postgres = new PostgresProcess(home.resolve("postgres"), freePort(), home.resolve("postgres.log"));
        kafkaPort = freePort();
        kafkaControllerPort = freePort();
        kafka = LocalStack.startKafka(home.resolve("kafka"), kafkaPort, kafkaControllerPort);
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        checks = new FaultChecks(postgres.jdbcBase(), SUNRISE);
        try {
            createServices(smtp.getSmtp().getPort());
            services.get("directory").start();
            services.get("directory").awaitReady(Duration.ofMinutes(5));
            startAll(List.of("messaging", "delivery", "audit"));
            awaitReplicas();
            run();
        } finally {
            if (load != null) {
                load.close();
            }
            for (ServiceProcess service : services.values()) {
                if (service.alive()) {
                    service.terminate(Duration.ofSeconds(20), Duration.ofSeconds(5));
                }
            }
            kafka.destroy();
            kafka.waitFor();
            smtp.stop();
            postgres.close();
        }
    }

    private void run() throws Exception {
        List<SendLoad.Sender> senders = List.of(sender(DANA, "dana", List.of(SAM, PAT, ALEX, MORGAN)),
                sender(SAM, "sam", List.of(DANA, PAT, ALEX, MORGAN)), sender(MORGAN, "morgan", List.of(DANA, SAM, PAT, ALEX)));
        ServiceProcess messaging = services.get("messaging");
        load = new SendLoad("localhost", messaging.port, senders, RATE, GIVE_UP, MAX_IN_FLIGHT);
        FaultReport.Phase baseline = begin("no fault (baseline, " + BASELINE.toSeconds() + " s)");
        load.start();
        Thread.sleep(BASELINE.toMillis());
        baseline.repairedAt = Instant.now();
        awaitCaughtUp(baseline);
        for (String fault : FAULTS) {
            FaultReport.Phase phase;
            switch (fault) {
                case "kafka" -> {
                    phase = begin("Kafka broker killed (-9), down " + KAFKA_DOWN.toSeconds() + " s, restarted");
                    kafka.destroyForcibly();
                    kafka.waitFor();
                    Thread.sleep(KAFKA_DOWN.toMillis());
                    phase.repairedAt = Instant.now();
                    kafka = LocalStack.startKafka(home.resolve("kafka"), kafkaPort, kafkaControllerPort);
                    phase.note("broker up after " + secs(Duration.between(phase.repairedAt, Instant.now())));
                }
                case "postgres" -> {
                    phase = begin("PostgreSQL killed (-9, postmaster + backends), down " + POSTGRES_DOWN.toSeconds()
                            + " s, restarted");
                    List<Long> killed = postgres.kill();
                    log("killed PostgreSQL processes " + killed);
                    Thread.sleep(POSTGRES_DOWN.toMillis());
                    phase.repairedAt = Instant.now();
                    phase.note("accepting connections after " + secs(postgres.restart()));
                }
                case "sigterm-postgres", "sigterm-kafka" -> {
                    boolean db = fault.equals("sigterm-postgres");
                    phase = begin("SIGTERM to all four services while " + (db ? "PostgreSQL" : "Kafka")
                            + " is down, then all restarted");
                    if (db) {
                        postgres.kill();
                    } else {
                        kafka.destroyForcibly();
                        kafka.waitFor();
                    }
                    Thread.sleep(3000); // requests and consumers are now failing against the missing server
                    phase.stops = terminateAll();
                    phase.repairedAt = Instant.now();
                    if (db) {
                        postgres.restart();
                    } else {
                        kafka = LocalStack.startKafka(home.resolve("kafka"), kafkaPort, kafkaControllerPort);
                    }
                    startAll(SERVICES);
                    phase.note("all four ready after " + secs(Duration.between(phase.repairedAt, Instant.now())));
                }
                default -> {
                    ServiceProcess service = services.get(fault);
                    if (service == null) {
                        throw new IllegalArgumentException("unknown fault " + fault);
                    }
                    phase = begin(fault + "-service killed (-9), restarted at once");
                    service.kill();
                    phase.repairedAt = Instant.now();
                    service.start();
                    phase.note("ready after " + secs(service.awaitReady(Duration.ofMinutes(5))));
                }
            }
            awaitCaughtUp(phase);
            Thread.sleep(SETTLE.toMillis());
        }
        Instant end = Instant.now();
        log("stopping the load; sends still being retried get up to 120 s");
        load.stop(Duration.ofSeconds(120));
        List<SendLoad.Outcome> outcomes = load.outcomes();
        List<UUID> accepted = outcomes.stream().filter(SendLoad.Outcome::accepted).map(SendLoad.Outcome::messageId).toList();
        Duration settled = awaitAll(accepted, FINAL_TIMEOUT);
        log("final wait: " + (settled == null ? "NOT all delivered and audited within " + FINAL_TIMEOUT
                : "all " + accepted.size() + " accepted sends delivered and audited after " + secs(settled)));
        FaultReport report = new FaultReport(phases, end, outcomes, checks, load,
                DeadLetters.read("localhost:" + kafkaPort), apiSample(outcomes));
        report.print(System.out, home);
    }

    private FaultReport.Phase begin(String name) {
        FaultReport.Phase phase = new FaultReport.Phase(phases.size(), name, Instant.now());
        phases.add(phase);
        if (load != null) {
            load.phase(phase.index);
        }
        log("=== phase " + phase.index + ": " + name);
        return phase;
    }

    /**
     * After a repair: until a send first tried after it is accepted (sends work again), then until everything
     * accepted by then, also sends retried through the outage, is delivered and audited.
     */
    private void awaitCaughtUp(FaultReport.Phase phase) throws InterruptedException {
        Instant deadline = Instant.now().plus(RECOVER_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            java.util.Optional<Instant> first = load.outcomes().stream()
                    .filter(o -> o.accepted() && o.firstTry().isAfter(phase.repairedAt)).map(SendLoad.Outcome::answered)
                    .min(Instant::compareTo);
            if (first.isPresent()) {
                phase.sendsBackAt = first.get();
                break;
            }
            Thread.sleep(100);
        }
        List<UUID> accepted = load.outcomes().stream().filter(SendLoad.Outcome::accepted).map(SendLoad.Outcome::messageId).toList();
        Duration took = awaitAll(accepted, Duration.between(Instant.now(), deadline));
        phase.caughtUpAt = took == null ? null : Instant.now();
        log("phase " + phase.index + (took == null ? ": NOT caught up within " + RECOVER_TIMEOUT
                : ": all " + accepted.size() + " accepted so far delivered and audited "
                        + secs(Duration.between(phase.repairedAt, phase.caughtUpAt)) + " after the repair"));
    }

    /** Waits until all these messages are delivered and audited; null if not within the timeout. */
    private Duration awaitAll(List<UUID> ids, Duration timeout) throws InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        do {
            if (checks.deliveredAndAudited(ids) >= ids.size()) {
                return Duration.between(start, Instant.now());
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        return null;
    }

    private List<ServiceProcess.Stop> terminateAll() throws Exception {
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ServiceProcess.Stop>> stops = new ArrayList<>();
            for (ServiceProcess service : services.values()) {
                stops.add(stopping.submit(() -> service.terminate(SIGTERM_LIMIT, Duration.ofSeconds(30))));
            }
            List<ServiceProcess.Stop> done = new ArrayList<>();
            for (Future<ServiceProcess.Stop> stop : stops) {
                done.add(stop.get());
                log("SIGTERM " + done.getLast());
            }
            return done;
        }
    }

    private void startAll(List<String> names) throws Exception {
        for (String name : names) {
            services.get(name).start();
        }
        for (String name : names) {
            log(name + " ready after " + secs(services.get(name).awaitReady(Duration.ofMinutes(5))));
        }
    }

    private void createServices(int smtpPort) throws IOException {
        int directoryPort = freePort();
        String issuer = "http://localhost:" + directoryPort;
        for (String name : SERVICES) {
            int port = name.equals("directory") ? directoryPort : freePort();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("server.port", String.valueOf(port));
            properties.put("spring.datasource.url", postgres.jdbcBase() + name);
            properties.put("spring.datasource.username", "carerelay");
            properties.put("spring.datasource.password", "carerelay");
            properties.put("spring.kafka.bootstrap-servers", "localhost:" + kafkaPort);
            properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer);
            properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", issuer + "/oauth2/jwks");
            properties.put("spring.mail.host", "127.0.0.1");
            properties.put("spring.mail.port", String.valueOf(smtpPort));
            properties.put("carerelay.dev-issuer.issuer", issuer);
            properties.put("carerelay.secrets.allow-development-keys", "true");
            properties.put("carerelay.attachments.clamav.required", "false");
            properties.put("logging.level.org.apache.kafka", "WARN");
            properties.put("logging.level.org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils", "ERROR");
            if (name.equals("directory")) {
                properties.put("carerelay.dev-issuer.enabled", "true");
                // the development issuer runs only on loopback (#14.11)
                properties.put("server.address", "127.0.0.1");
                properties.put("carerelay.demo-data.enabled", "true");
                // tokens issued before a restart of directory-service stay valid
                properties.put("carerelay.dev-issuer.key-file", home.resolve("dev-issuer-key.json").toString());
            }
            if (name.equals("messaging")) {
                properties.put("carerelay.messages.rate-limit.sends-per-minute", "1000000");
            }
            services.put(name, new ServiceProcess(name, jar(name), port, properties, JVM, home));
        }
    }

    private static Path jar(String name) throws IOException {
        Path target = Path.of(System.getProperty("fault.jars", "..")).resolve(name + "-service").resolve("target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + name + "-service exec jar in " + target
                            + ": build it first (see the README, Fault harness)"));
        }
    }

    /** messaging- and delivery-service can send only once their directory replicas hold the demo practice's staff. */
    private void awaitReplicas() throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        for (String database : List.of("messaging", "delivery")) {
            while (true) {
                try (Connection connection = DriverManager.getConnection(postgres.jdbcBase() + database, "carerelay", "carerelay");
                     ResultSet rows = connection.createStatement().executeQuery("select count(*) from directory_entry where id in ('"
                             + String.join("','", Stream.of(DANA, SAM, ALEX, MORGAN, PAT).map(UUID::toString).toList()) + "')")) {
                    rows.next();
                    if (rows.getLong(1) == 5) {
                        break;
                    }
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(database + "-service's directory replica lacks the demo staff");
                }
                Thread.sleep(250);
            }
        }
    }

    private SendLoad.Sender sender(UUID id, String name, List<UUID> recipients) {
        Runnable signIn = () -> tokens.put(name, signIn(name + "@sunrise.example"));
        signIn.run();
        return new SendLoad.Sender(id, () -> tokens.get(name), signIn, recipients);
    }

    private String signIn(String email) {
        Http.Response token = new Http(services.get("directory").url()).post("/dev/tokens", null,
                "{\"email\":\"" + email + "\"}");
        if (token.status() != 200 && token.status() != 201) {
            throw new IllegalStateException("no token for " + email + ": " + token);
        }
        String body = token.body().trim();
        return body.startsWith("{") ? token.json().get("access_token").asString() : body;
    }

    /** Through the APIs: per phase a sample of accepted messages as their sender sees them, and the audit chain. */
    private List<String> apiSample(List<SendLoad.Outcome> outcomes) {
        List<String> lines = new ArrayList<>();
        Http messaging = new Http(services.get("messaging").url());
        Map<UUID, String> names = Map.of(DANA, "dana", SAM, "sam", MORGAN, "morgan");
        int checked = 0;
        int delivered = 0;
        for (FaultReport.Phase phase : phases) {
            List<SendLoad.Outcome> sample = outcomes.stream().filter(o -> o.accepted() && o.phase() == phase.index)
                    .limit(API_SAMPLE).toList();
            for (SendLoad.Outcome outcome : sample) {
                Http.Response history = messaging.get("/api/v1/messages/" + outcome.messageId() + "/delivery",
                        tokens.get(names.get(outcome.sender())));
                checked++;
                String status = history.status() == 200 ? history.json().get("recipients").get(0).get("status").asString()
                        : "HTTP " + history.status();
                if (status.equals("delivered") || status.equals("read")) {
                    delivered++;
                } else {
                    lines.add("  phase " + phase.index + " message " + outcome.messageId() + ": sender sees " + status);
                }
            }
        }
        lines.addFirst("API: GET /api/v1/messages/{id}/delivery as the sender, " + API_SAMPLE + " per phase: " + delivered
                + " of " + checked + " delivered");
        Http.Response verify = new Http(services.get("audit").url()).get("/api/v1/audit/verify", signIn("alex@sunrise.example"));
        lines.add("API: GET /api/v1/audit/verify (Alex, compliance): " + verify.status() + " " + verify.body());
        return lines;
    }

    static String secs(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    static void log(String line) {
        System.out.println("[fault-harness " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }

    private static Duration seconds(String property, long defaultSeconds) {
        return Duration.ofSeconds(Long.getLong(property, defaultSeconds));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
