package com.carerelay.deploy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The load harness's HTTP/1.1 client: one keep-alive connection per caller, a POST written in one
 * go, the response read and discarded. It exists so that the harness, which shares the two cores
 * with the system it measures, spends as little CPU per request as possible (the JDK's HttpClient
 * spent about a tenth of the machine). Handles Content-Length and chunked responses; nothing else.
 */
final class KeepAliveClient implements AutoCloseable {

    /** A response's status and, where asked for, its body. */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private ByteArrayOutputStream bodyCopy;

    KeepAliveClient(String host, int port) {
        this(host, port, 0);
    }

    /** With a connect and read timeout (0: none), so a caller notices a server that stopped answering. */
    KeepAliveClient(String host, int port, int timeoutMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** Posts a JSON body and answers the response's status code. */
    int post(String path, String bearerToken, String json) throws IOException {
        return post(path, bearerToken, json, null, false).status();
    }

    /**
     * Posts a JSON body with an {@code Idempotency-Key} header (none if null) and answers the status and the
     * body (the fault harness needs the created message's id).
     */
    Response post(String path, String bearerToken, String json, String idempotencyKey) throws IOException {
        return post(path, bearerToken, json, idempotencyKey, true);
    }

    private Response post(String path, String bearerToken, String json, String idempotencyKey, boolean keepBody)
            throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer "
                + bearerToken + "\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
                + (idempotencyKey == null ? "" : "Idempotency-Key: " + idempotencyKey + "\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        if (socket == null) {
            Socket fresh = new Socket();
            try {
                fresh.connect(new InetSocketAddress(host, port), timeoutMillis);
                fresh.setSoTimeout(timeoutMillis);
                fresh.setTcpNoDelay(true);
            } catch (IOException e) {
                fresh.close();
                throw e;
            }
            socket = fresh;
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        out.write(request);
        out.flush();
        bodyCopy = keepBody ? new ByteArrayOutputStream() : null;
        int status = readResponse();
        return new Response(status, keepBody ? bodyCopy.toString(StandardCharsets.UTF_8) : null);
    }

    private int readResponse() throws IOException {
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (chunked) {
            for (long chunk = Long.parseLong(line().trim(), 16); chunk > 0; chunk = Long.parseLong(line().trim(), 16)) {
                skip(chunk);
                line();
            }
            line();
        } else {
            skip(length);
        }
        if (close) {
            close();
        }
        return status;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(long bytes) throws IOException {
        if (bodyCopy != null) {
            byte[] read = in.readNBytes((int) bytes);
            bodyCopy.write(read);
            if (read.length < bytes) {
                throw new IOException("connection closed mid-body");
            }
            return;
        }
        while (bytes > 0) {
            long skipped = in.skip(bytes);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed mid-body");
                }
                skipped = 1;
            }
            bytes -= skipped;
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
