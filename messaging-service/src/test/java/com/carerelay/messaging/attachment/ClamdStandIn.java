package com.carerelay.messaging.attachment;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for clamd that speaks its INSTREAM protocol ({@code zINSTREAM\0}, chunks each after a
 * 4-byte big-endian length, a zero length, then a NUL-terminated reply) and detects only the EICAR
 * test file: {@code stream: Eicar-Signature FOUND}, otherwise {@code stream: OK}. {@link #stop} closes
 * its port (connections are refused, as with clamd down); {@link #start} opens the same port again.
 */
public final class ClamdStandIn implements AutoCloseable {

    /** The EICAR anti-virus test file, in two halves so no scanner flags this source. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-" + "STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private final AtomicInteger scans = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private int port;

    public ClamdStandIn start() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            port = socket.getLocalPort();
            server = socket;
            acceptor = Thread.ofPlatform().daemon().name("clamd-stand-in").start(() -> accept(socket));
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** How many streams it has answered. */
    public int scans() {
        return scans.get();
    }

    /** Closes the port and returns once nothing listens on it any more. */
    public void stop() {
        try {
            server.close();
            acceptor.join(5000);
        } catch (IOException ignored) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket client) {
        try (client) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] command = in.readNBytes(10);
            if (!"zINSTREAM\0".equals(new String(command, StandardCharsets.US_ASCII))) {
                reply(client.getOutputStream(), "UNKNOWN COMMAND");
                return;
            }
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            for (int length; (length = in.readInt()) > 0; ) {
                stream.write(in.readNBytes(length));
            }
            scans.incrementAndGet();
            boolean eicar = stream.toString(StandardCharsets.ISO_8859_1).contains(EICAR);
            reply(client.getOutputStream(), eicar ? "stream: Eicar-Signature FOUND" : "stream: OK");
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\0").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
