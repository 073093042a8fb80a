package com.carerelay.directory.practice;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.config.SecretBox;
import com.carerelay.directory.practice.web.PracticeRequest;
import com.carerelay.platform.web.ApiException;
import com.carerelay.directory.web.HttpsUrl;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PracticeService {

    static final String ADMIN = "directory:admin";
    /** Two active secrets at most: the current one and the one being rotated in (or out). */
    static final int MAX_ACTIVE_SECRETS = 2;
    static final String SECRET_PREFIX = "whsec_";

    private final PracticeRepository practices;
    private final WebhookSecretRepository secrets;
    private final SecretBox box;
    private final DirectoryEvents events;
    private final SecureRandom random = new SecureRandom();

    public PracticeService(PracticeRepository practices, WebhookSecretRepository secrets, SecretBox box,
                           DirectoryEvents events) {
        this.practices = practices;
        this.secrets = secrets;
        this.box = box;
        this.events = events;
    }

    /** A secret as just created: the only time its value is shown. */
    public record NewSecret(WebhookSecret secret, String value) {
    }

    /** The caller's own practice. */
    @Transactional(readOnly = true)
    public Practice get(Caller caller) {
        caller.requireStaff();
        return find(caller);
    }

    /** The practice's active webhook signing secrets, newest first (values not included). */
    @Transactional(readOnly = true)
    public List<WebhookSecret> activeSecrets(Caller caller) {
        caller.requireStaff();
        return secrets.findByPracticeIdAndRetiredAtIsNullOrderByCreatedAtDesc(caller.practiceId());
    }

    @Transactional
    public Practice update(Caller caller, PracticeRequest request) {
        caller.require(ADMIN);
        String webhookUrl = request.webhookUrl() == null || request.webhookUrl().isBlank() ? null : request.webhookUrl().trim();
        if (webhookUrl != null && !HttpsUrl.isValid(webhookUrl)) {
            throw ApiException.badField("webhookUrl", "webhookUrl: must be an absolute https URL without user info.");
        }
        Practice practice = find(caller);
        practice.update(request.name(), request.senderEmail(), request.portalMessagingEnabled(),
                request.directMessagingEnabled(), webhookUrl, blankToNull(request.noticeSubject()),
                blankToNull(request.noticeSenderName()));
        publish(practice);
        return practice;
    }

    /** Starts a rotation: a new active secret next to the current one. Refused while two are active. */
    @Transactional
    public NewSecret rotateSecret(Caller caller) {
        caller.require(ADMIN);
        Practice practice = find(caller);
        if (secrets.findByPracticeIdAndRetiredAtIsNullOrderByCreatedAtDesc(practice.getId()).size() >= MAX_ACTIVE_SECRETS) {
            throw new ApiException(HttpStatus.CONFLICT, null, "Two webhook signing secrets are already active."
                    + " Retire the old one (once your endpoint accepts the new one) before creating another.");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String value = SECRET_PREFIX + Base64.getEncoder().encodeToString(raw);
        UUID id = UUID.randomUUID();
        WebhookSecret secret = secrets.save(new WebhookSecret(id, practice.getId(), box.seal(value, id.toString()),
                value.substring(0, SECRET_PREFIX.length() + 4) + "…", Instant.now()));
        practice.touch();
        publish(practice);
        return new NewSecret(secret, value);
    }

    /** Ends a secret's life: deliveries stop signing with it. The last one cannot go while a webhook URL is set. */
    @Transactional
    public void retireSecret(Caller caller, UUID secretId) {
        caller.require(ADMIN);
        Practice practice = find(caller);
        WebhookSecret secret = secrets.findByIdAndPracticeIdAndRetiredAtIsNull(secretId, practice.getId())
                .orElseThrow(() -> ApiException.notFound("Webhook secret " + secretId));
        if (practice.getWebhookUrl() != null
                && secrets.findByPracticeIdAndRetiredAtIsNullOrderByCreatedAtDesc(practice.getId()).size() == 1) {
            throw new ApiException(HttpStatus.CONFLICT, null, "This is the webhook's only signing secret."
                    + " Create a new one first, or remove the webhook URL.");
        }
        secret.retire(Instant.now());
        secrets.flush();
        practice.touch();
        publish(practice);
    }

    /** Registers a new practice (tenant onboarding, demo data). */
    @Transactional
    public Practice create(UUID id, PracticeRequest request) {
        Practice practice = practices.save(new Practice(id, request.name(), request.senderEmail(),
                request.portalMessagingEnabled(), request.directMessagingEnabled()));
        publish(practice);
        return practice;
    }

    private void publish(Practice practice) {
        List<String> values = secrets.findByPracticeIdAndRetiredAtIsNullOrderByCreatedAtDesc(practice.getId()).stream()
                .map(secret -> box.openString(secret.getSecret(), secret.getId().toString())).toList();
        events.changed(practice, values);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Practice find(Caller caller) {
        return practices.findById(caller.practiceId()).orElseThrow(() -> ApiException.notFound("Practice"));
    }
}
