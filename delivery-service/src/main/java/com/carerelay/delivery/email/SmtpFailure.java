package com.carerelay.delivery.email;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why an e-mail notice was not accepted, and whether trying again can help. The reason names the
 * SMTP reply code or the kind of failure, never the address or any server text that might echo it.
 */
public record SmtpFailure(boolean permanent, String reason) {

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([245])(\\d\\d)\\b");

    public static SmtpFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AddressException) {
                return new SmtpFailure(true, "invalid recipient address");
            }
            if (cause instanceof AuthenticationFailedException) {
                return new SmtpFailure(false, "SMTP relay refused our credentials");
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new SmtpFailure(false, "SMTP relay unreachable");
            }
            if (cause instanceof SocketTimeoutException) {
                return new SmtpFailure(false, "SMTP relay timed out");
            }
            Integer code = replyCode(cause.getMessage());
            if (code != null) {
                boolean permanent = code >= 500;
                String what = cause instanceof SendFailedException ? "rejected the notice" : "answered";
                return new SmtpFailure(permanent, "SMTP relay " + what + " with " + code);
            }
        }
        return new SmtpFailure(false, "SMTP relay failed (" + failure.getClass().getSimpleName() + ")");
    }

    private static Integer replyCode(String message) {
        if (message == null) {
            return null;
        }
        Matcher matcher = REPLY_CODE.matcher(message);
        return matcher.find() ? Integer.valueOf(matcher.group(1) + matcher.group(2)) : null;
    }
}
