package com.carerelay.delivery.push;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a web push carries: like the e-mail notice, no PHI. "You have a new secure message from
 * <practice>" and the portal link; never the subject or body. The service worker shows it.
 */
public final class PushNotice {

    static final String FALLBACK_PRACTICE = "your care team";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PushNotice() {
    }

    public static byte[] of(String practiceName, String link, UUID messageId) {
        String cleaned = practiceName == null ? "" : practiceName.replaceAll("\\p{Cntrl}+", " ").strip();
        String practice = cleaned.isEmpty() ? FALLBACK_PRACTICE : cleaned;
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put("title", "New secure message");
        notice.put("body", "You have a new secure message from " + practice);
        notice.put("url", link.endsWith("/") ? link + messageId : link + "/" + messageId);
        notice.put("tag", messageId.toString());
        return JSON.writeValueAsString(notice).getBytes(StandardCharsets.UTF_8);
    }
}
