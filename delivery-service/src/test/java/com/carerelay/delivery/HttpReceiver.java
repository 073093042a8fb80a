package com.carerelay.delivery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on loopback (JDK HttpServer) standing in for an external party (a push
 * service, a practice's webhook endpoint): records every request and answers what the test says.
 */
final class HttpReceiver {

    /** One request as the server saw it. */
    record Request(String path, Map<String, List<String>> headers, byte[] body, int answered) {

        String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private static final HttpReceiver INSTANCE = new HttpReceiver();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Request, Integer>> answers = new ConcurrentHashMap<>();
    private final Set<String> trickling = ConcurrentHashMap.newKeySet();

    private HttpReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static HttpReceiver get() {
        return INSTANCE;
    }

    /** A URL on this server; what it answers is decided by {@link #answer}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** How requests to {@code path} are answered (status code from the request); 201 when not set. */
    void answer(String path, Function<Request, Integer> status) {
        answers.put(path, status);
    }

    /** Requests to {@code path} get 200 and then a body of one byte every 200 ms, for a minute. */
    void trickle(String path) {
        trickling.add(path);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(request -> request.path().equals(path)).toList();
    }

    private static void trickleBody(OutputStream body) {
        try (body) {
            for (int i = 0; i < 300; i++) {
                body.write('.');
                body.flush();
                Thread.sleep(200);
            }
        } catch (IOException | InterruptedException cutOff) {
            // the caller hung up
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Request seen = new Request(path, Map.copyOf(exchange.getRequestHeaders()), body, 0);
            int status = answers.getOrDefault(path, request -> 201).apply(seen);
            requests.add(new Request(path, seen.headers(), body, status));
            if (trickling.contains(path)) {
                exchange.sendResponseHeaders(200, 0);
                trickleBody(exchange.getResponseBody());
                return;
            }
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", url("/elsewhere"));
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
