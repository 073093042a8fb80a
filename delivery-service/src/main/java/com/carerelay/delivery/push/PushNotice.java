package com.carerelay.delivery.push;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a web push carries: like the e-mail notice, no PHI and by default not the practice's name (it
 * shows on a lock screen): "You have a new secure message", "from <sender name>" only when the practice
 * configured a notice sender name, and the portal link; never the subject or body. The service worker
 * shows it.
 */
public final class PushNotice {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PushNotice() {
    }

    /** @param senderName the practice's notice sender display name, or null for none */
    public static byte[] of(String senderName, String link, UUID messageId) {
        String cleaned = senderName == null ? "" : senderName.replaceAll("\\p{Cntrl}+", " ").strip();
        Map<String, String> notice = new LinkedHashMap<>();
        notice.put("title", "New secure message");
        notice.put("body", "You have a new secure message" + (cleaned.isEmpty() ? "" : " from " + cleaned));
        notice.put("url", link.endsWith("/") ? link + messageId : link + "/" + messageId);
        notice.put("tag", messageId.toString());
        return JSON.writeValueAsString(notice).getBytes(StandardCharsets.UTF_8);
    }
}
