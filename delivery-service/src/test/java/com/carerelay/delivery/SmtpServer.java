package com.carerelay.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) on a fixed port for the test JVM, which tests can take down and
 * bring back up on the same port, the way a relay outage looks to delivery-service.
 */
final class SmtpServer {

    private static final SmtpServer INSTANCE = new SmtpServer();

    private final int port;
    private GreenMail greenMail;

    private SmtpServer() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    static SmtpServer get() {
        return INSTANCE;
    }

    int port() {
        return port;
    }

    synchronized void start() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    /** Takes the server down: connections are refused until {@link #start()}. Mail received so far is forgotten. */
    synchronized void stop() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }

    /** Every message received since the server last started. */
    synchronized List<MimeMessage> received() {
        return greenMail == null ? List.of() : Arrays.asList(greenMail.getReceivedMessages());
    }
}
