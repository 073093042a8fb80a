package com.carerelay.delivery.email;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.springframework.mail.MailSendException;

class SmtpFailureTest {

    @Test
    void anUnreachableRelayIsWorthRetrying() {
        SmtpFailure failure = SmtpFailure.of(new MailSendException("Mail server connection failed",
                new MessagingException("Couldn't connect to host, port: 127.0.0.1, 25", new ConnectException("refused"))));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.reason()).isEqualTo("SMTP relay unreachable");
    }

    @Test
    void aRejectedRecipientIsPermanentAndTheReasonOmitsTheAddress() {
        SmtpFailure failure = SmtpFailure.of(new SendFailedException("Invalid Addresses",
                new SendFailedException("550 5.1.1 <casey@example.test>: Recipient address rejected")));

        assertThat(failure.permanent()).isTrue();
        assertThat(failure.reason()).isEqualTo("SMTP relay rejected the notice with 550").doesNotContain("casey");
    }

    @Test
    void aTemporaryRejectionIsRetried() {
        SmtpFailure failure = SmtpFailure.of(new MessagingException("451 4.3.0 Try again later"));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.reason()).contains("451");
    }

    @Test
    void aMalformedAddressIsPermanent() {
        assertThat(SmtpFailure.of(new AddressException("Missing final '@domain'")).permanent()).isTrue();
    }
}
