package com.carerelay.delivery;

import com.carerelay.events.AttachmentFetchGrant;
import com.carerelay.events.MessageContent;
import com.carerelay.events.MessageSent;
import com.carerelay.testing.TestPki;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * What DIRECT talks to besides the HISP, on one real HTTP server on loopback: messaging-service's
 * attachment download (a stand-in that checks the grant with the development fetch key, as
 * messaging-service's {@code DeliveryFetch} does) and the CRL distribution point of the test trust
 * anchor, {@link TestPki#TRUSTED_CA}, whose CRL is signed afresh on every download and lists what
 * {@link #revoke} was given.
 */
final class DirectPeers {

    /** The development fetch key in delivery-service.yml (the test uses the default). */
    static final String FETCH_KEY = "Y2FyZXJlbGF5LWRldi1vbmx5LWF0dGFjaG1lbnQta3k=";

    private record Stored(UUID practiceId, byte[] content) {
    }

    private static final DirectPeers INSTANCE = new DirectPeers();

    private final HttpServer server;
    private final AttachmentFetchGrant grants = new AttachmentFetchGrant(FETCH_KEY);
    private final Map<UUID, Stored> attachments = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> failing = new ConcurrentHashMap<>();
    private final List<AttachmentFetchGrant.Scope> served = new CopyOnWriteArrayList<>();
    private final List<X509Certificate> revoked = new CopyOnWriteArrayList<>();

    private DirectPeers() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/internal/v1/attachments/", this::attachment);
        server.createContext("/crl/", exchange -> answer(exchange, 200, TestPki.crl(TestPki.TRUSTED_CA, revoked)));
        server.start();
    }

    static DirectPeers get() {
        return INSTANCE;
    }

    /** messaging-service's base URL for delivery-service. */
    String messagingUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A CRL distribution point of the trusted CA of its own (so no cached CRL from another test is reused). */
    String crlUrl() {
        return messagingUrl() + "/crl/" + UUID.randomUUID() + ".crl";
    }

    void revoke(X509Certificate certificate) {
        revoked.add(certificate);
    }

    /** Keeps an uploaded file as messaging-service would; answers the reference a MessageSent carries. */
    MessageContent.Attachment store(UUID practiceId, String fileName, String mediaType, byte[] content) {
        UUID id = UUID.randomUUID();
        attachments.put(id, new Stored(practiceId, content));
        return new MessageContent.Attachment(id, fileName, mediaType, content.length, sha256(content));
    }

    /** Downloads of this attachment answer {@code status} until {@link #recover}. */
    void fail(UUID attachmentId, int status) {
        failing.put(attachmentId, status);
    }

    void recover(UUID attachmentId) {
        failing.remove(attachmentId);
    }

    /** The grants of the downloads served for this attachment. */
    List<AttachmentFetchGrant.Scope> servedFor(UUID attachmentId) {
        return served.stream().filter(scope -> scope.attachmentId().equals(attachmentId)).toList();
    }

    private void attachment(HttpExchange exchange) throws IOException {
        UUID id = UUID.fromString(exchange.getRequestURI().getPath().substring("/internal/v1/attachments/".length()));
        Optional<AttachmentFetchGrant.Scope> scope = grants.verify(exchange.getRequestHeaders()
                .getFirst(AttachmentFetchGrant.HEADER), Instant.now()).filter(allowed -> allowed.attachmentId().equals(id));
        Stored stored = attachments.get(id);
        if (failing.containsKey(id)) {
            answer(exchange, failing.get(id), new byte[0]);
        } else if (scope.isEmpty()) {
            answer(exchange, 401, new byte[0]);
        } else if (stored == null || !stored.practiceId().equals(scope.get().practiceId())) {
            answer(exchange, 404, new byte[0]);
        } else {
            served.add(scope.get());
            answer(exchange, 200, stored.content());
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
