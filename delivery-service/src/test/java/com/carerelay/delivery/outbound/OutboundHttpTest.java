package com.carerelay.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbound client against a real HTTP server on loopback that answers well, trickles or stalls. */
class OutboundHttpTest {

    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    private static HttpServer server;
    private static final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void aServerThatAnswersWellOrTrickles() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> {
            seen.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            seen.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    body.write('.');
                    body.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException cutOff) {
                // the client hung up: what the test wants
            }
        });
        server.createContext("/big", exchange -> {
            seen.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 20_000; i++) {
                    body.write(chunk);
                }
            } catch (IOException cutOff) {
                // the client stopped reading after its limit
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void aServerThatTricklesItsBodyIsCutOffAtTheDeadline() throws Exception {
        try (OutboundHttp http = client(new EndpointGuard(true, false), Duration.ofSeconds(1))) {
            long started = System.nanoTime();
            OutboundHttp.Outcome outcome = http.post(url("127.0.0.1", "/trickle"), JSON, "{}".getBytes());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(outcome.kind()).isEqualTo(OutboundHttp.Outcome.Kind.unreachable);
            assertThat(outcome.reason()).isEqualTo(OutboundHttp.UNREACHABLE);
            assertThat(took).as("the trickle would take 20 s").isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aHugeBodyIsNotReadToTheEnd() throws Exception {
        try (OutboundHttp http = client(new EndpointGuard(true, false), Duration.ofSeconds(5))) {
            long started = System.nanoTime();
            OutboundHttp.Outcome outcome = http.post(url("127.0.0.1", "/big"), JSON, "{}".getBytes());

            assertThat(outcome.kind()).isEqualTo(OutboundHttp.Outcome.Kind.answered);
            assertThat(outcome.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void theNameIsLookedUpOnceAndTheConnectionGoesToTheCheckedAddress() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        DnsResolver onlyThisTestKnowsTheName = resolver(host -> {
            lookups.incrementAndGet();
            return host.equals("hooks.carerelay.test") ? InetAddress.getLoopbackAddress() : null;
        });
        try (OutboundHttp http = client(new EndpointGuard(true, false, onlyThisTestKnowsTheName), Duration.ofSeconds(5))) {
            OutboundHttp.Outcome outcome = http.post(url("hooks.carerelay.test", "/ok"), JSON, "{}".getBytes());

            assertThat(outcome.status()).isEqualTo(204);
            assertThat(lookups).hasValue(1);
        }
    }

    @Test
    void aNameThatResolvesToAnInternalAddressIsRefusedWithoutConnecting() throws Exception {
        DnsResolver rebinding = resolver(host -> InetAddress.getLoopbackAddress());
        int before = seen.size();
        try (OutboundHttp http = client(new EndpointGuard(false, false, rebinding), Duration.ofSeconds(5))) {
            OutboundHttp.Outcome outcome = http.post(url("hooks.carerelay.test", "/ok"), JSON, "{}".getBytes());

            assertThat(outcome.kind()).isEqualTo(OutboundHttp.Outcome.Kind.refused);
            assertThat(outcome.unanswered("webhook").reason())
                    .isEqualTo("webhook endpoint does not resolve to a public address");
            assertThat(outcome.unanswered("webhook").kind().name()).isEqualTo("failed");
        }
        assertThat(seen).hasSize(before);
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedAndAClosedPortIsJustUnreachable() throws Exception {
        try (OutboundHttp http = client(new EndpointGuard(true, false, resolver(host -> null)), Duration.ofSeconds(2))) {
            assertThat(http.post(url("nowhere.carerelay.test", "/ok"), JSON, "{}".getBytes()).reason())
                    .isEqualTo("endpoint does not resolve to a public address");
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (OutboundHttp http = client(new EndpointGuard(true, false), Duration.ofSeconds(2))) {
            OutboundHttp.Outcome outcome = http.post(URI.create("http://127.0.0.1:" + closedPort + "/ok"), JSON,
                    "{}".getBytes());
            assertThat(outcome.kind()).isEqualTo(OutboundHttp.Outcome.Kind.unreachable);
            assertThat(outcome.unanswered("webhook").reason()).isEqualTo("webhook " + OutboundHttp.UNREACHABLE);
        }
    }

    private static OutboundHttp client(EndpointGuard guard, Duration deadline) {
        return new OutboundHttp(guard, new HostBreakers("test",
                new BreakerSettings(50, 10, 1000, Duration.ofSeconds(30)), new SimpleMeterRegistry()), deadline);
    }

    private static URI url(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    private interface Lookup {
        InetAddress find(String host);
    }

    private static DnsResolver resolver(Lookup lookup) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress found = lookup.find(host);
                if (found == null) {
                    throw new UnknownHostException(host);
                }
                return new InetAddress[] {found};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }
}
