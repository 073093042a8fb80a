package com.carerelay.deploy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import sun.misc.Signal;
import org.slf4j.LoggerFactory;

/**
 * The whole system on embedded defaults, for a laptop: a real PostgreSQL 17 server from Maven-shipped
 * binaries (fsync on), a real Kafka broker in KRaft mode as its own process, a GreenMail SMTP catcher,
 * the four services on ports 8081-8084 and the web app on 8080, with demo data. Everything is kept under
 * {@code .local-stack/} so data survives a restart; Ctrl-C stops all of it.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    static final int POSTGRES_PORT = 15432;
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int SMTP_PORT = 3025;
    static final int IMAP_PORT = 3143;

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("carerelay.home", ".local-stack")).toAbsolutePath();
        Files.createDirectories(home);
        List<AutoCloseable> started = new ArrayList<>();
        // Ctrl-C (and kill) stop everything in order: services first, then mail, Kafka and PostgreSQL last,
        // rather than in the arbitrary order of concurrent JVM shutdown hooks.
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), received -> {
                System.out.println("Stopping CareRelay...");
                stopAll(started);
                System.exit(0);
            });
        }

        EmbeddedPostgres postgres = startPostgres(home.resolve("postgres"), POSTGRES_PORT);
        started.add(postgres);
        Process kafka = startKafka(home.resolve("kafka"), KAFKA_PORT, KAFKA_CONTROLLER_PORT);
        started.add(() -> {
            kafka.destroy();
            kafka.waitFor();
        });
        GreenMail smtp = new GreenMail(new ServerSetup[]{new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        smtp.start();
        started.add(smtp::stop);

        CareRelaySystem system = CareRelaySystem.start(new CareRelaySystem.Settings(
                "jdbc:postgresql://localhost:" + POSTGRES_PORT + "/", "carerelay", "carerelay",
                "localhost:" + KAFKA_PORT, "127.0.0.1", SMTP_PORT, CareRelaySystem.Ports.FIXED, true,
                // the development issuer's signing key is kept with the data, so tokens survive a restart
                List.of("carerelay.dev-issuer.key-file=" + home.resolve("dev-issuer-key.json"))));
        started.add(system);

        System.out.println("""

                CareRelay is running (Ctrl-C stops everything; data is kept in %s).

                  In the browser     http://localhost:8080
                    sign in by picking a demo user on the development issuer's page:
                      dana@sunrise.example    Dana Reyes, clinician (messages staff, groups, portal clients, DIRECT)
                      sam@sunrise.example     Sam Okafor, clinician
                      alex@sunrise.example    Alex Kim, compliance (activity histories, chain, exports)
                      morgan@sunrise.example  Morgan Lee, admin
                      jordan@client.example   Jordan Avery, portal client  -> the client portal
                      riley@client.example    Riley Chen, portal client (invited)

                  directory-service  http://localhost:8081   (Swagger UI: /swagger-ui.html; OIDC issuer)
                  messaging-service  http://localhost:8082
                  delivery-service   http://localhost:8083
                  audit-service      http://localhost:8084
                  PostgreSQL         jdbc:postgresql://localhost:%d/<directory|messaging|delivery|audit>  user carerelay / carerelay
                  Kafka              localhost:%d
                  SMTP catcher       localhost:%d (read caught mail over IMAP on localhost:%d, user = the recipient address, any password)

                Watch a topic:  .local-stack/bin/kafka-console-consumer --topic carerelay.messages --from-beginning --property print.headers=true

                Get a token for a demo user (dana = clinician, alex = compliance, morgan = admin):
                  TOKEN=$(curl -s -X POST localhost:8081/dev/tokens -H 'Content-Type: application/json' \\
                          -H 'Accept: text/plain' -d '{"email":"dana@sunrise.example"}')
                """.formatted(home, POSTGRES_PORT, KAFKA_PORT, SMTP_PORT, IMAP_PORT));
        Thread.currentThread().join();
    }

    /** A durable PostgreSQL server: fsync and synchronous commit on, one database per service. */
    static EmbeddedPostgres startPostgres(Path dataDirectory, int port) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // checkpoints by time, not by WAL volume: each checkpoint makes the next change of every page
                // write a full page image, which under sustained sends was most of PostgreSQL's work
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("max_connections", "300")
                // per-statement counts and times for ops: select * from pg_stat_statements (in database postgres)
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            try (ResultSet role = statement.executeQuery("select 1 from pg_roles where rolname = 'carerelay'")) {
                if (!role.next()) {
                    statement.execute("create role carerelay login password 'carerelay'");
                }
            }
            for (String database : CareRelaySystem.DATABASES) {
                try (ResultSet exists = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                    if (!exists.next()) {
                        statement.execute("create database " + database + " owner carerelay");
                    }
                }
            }
        }
        return postgres;
    }

    /**
     * A single-node KRaft broker as a child process, from the kafka_2.13 jars on this classpath. Its log
     * directory is formatted once and kept.
     */
    static Process startKafka(Path dataDirectory, int port, int controllerPort) throws Exception {
        Files.createDirectories(dataDirectory);
        Path logs = dataDirectory.resolve("logs");
        Path config = dataDirectory.resolve("server.properties");
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        properties.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        properties.setProperty("log.dirs", logs.toString());
        properties.setProperty("num.partitions", "6");
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        properties.setProperty("auto.create.topics.enable", "true");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "CareRelay local stack broker");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        writeKafkaTools(dataDirectory.getParent().resolve("bin"), java, classpath, port);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", UUID.randomUUID().toString().replace("-", "").substring(0, 22), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dataDirectory.resolve("format.log").toFile()).start();
            if (format.waitFor() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed, see " + dataDirectory.resolve("format.log"));
            }
        }
        Process broker = new ProcessBuilder(java, "-Xmx512m", "-cp", classpath,
                "-Dlog4j2.configurationFile=" + writeKafkaLogConfig(dataDirectory),
                "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(dataDirectory.resolve("broker.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!broker.isAlive()) {
                throw new IllegalStateException("Kafka exited, see " + dataDirectory.resolve("broker.log"));
            }
            try (Socket ignored = new Socket("localhost", port)) {
                log.info("Kafka broker is up on localhost:{}", port);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        broker.destroyForcibly();
        throw new IllegalStateException("Kafka did not start within 60 s, see " + dataDirectory.resolve("broker.log"));
    }

    /** Kafka's own command-line tools against the local broker, for watching topics the way ops do. */
    private static void writeKafkaTools(Path bin, String java, String classpath, int port) throws IOException {
        Files.createDirectories(bin);
        Map<String, String> tools = Map.of(
                "kafka-console-consumer", "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "kafka-topics", "org.apache.kafka.tools.TopicCommand",
                "kafka-consumer-groups", "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand");
        for (Map.Entry<String, String> tool : tools.entrySet()) {
            Path script = bin.resolve(tool.getKey());
            Files.writeString(script, "#!/bin/sh\n# written by the CareRelay local stack\nexec \"" + java + "\" -cp \"" + classpath
                    + "\" -Dlog4j2.level=WARN " + tool.getValue() + " --bootstrap-server localhost:" + port + " \"$@\"\n");
            script.toFile().setExecutable(true);
        }
    }

    private static String writeKafkaLogConfig(Path dataDirectory) throws IOException {
        Path file = dataDirectory.resolve("log4j2.properties");
        Files.writeString(file, """
                    rootLogger.level = WARN
                    rootLogger.appenderRef.stdout.ref = STDOUT
                    appender.stdout.type = Console
                    appender.stdout.name = STDOUT
                    appender.stdout.layout.type = PatternLayout
                    appender.stdout.layout.pattern = [%d] %p %m (%c)%n
                    """);
        return file.toString();
    }

    private static synchronized void stopAll(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", started.get(i), e.toString());
            }
        }
        started.clear();
    }

    private LocalStack() {
    }
}
