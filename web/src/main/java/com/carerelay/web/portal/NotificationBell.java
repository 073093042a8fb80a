package com.carerelay.web.portal;

import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.config.Viewer;
import com.carerelay.web.config.WebProperties;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.util.HtmlUtils;

/**
 * The notification bell: its count follows delivery-service's live stream of the user's PHI-free
 * notices ({@code /api/v1/notifications/stream}, read here as the user and passed on as a rendered
 * count over Server-Sent Events); opening it lists the latest notices.
 */
@Controller
class NotificationBell {

    private static final Logger log = LoggerFactory.getLogger(NotificationBell.class);
    private static final Pattern UNREAD = Pattern.compile("\"unread\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Notice(UUID id, UUID messageId, String text, Instant createdAt, boolean seen) {
    }

    private final ServiceApi api;
    private final WebProperties properties;

    NotificationBell(ServiceApi api, WebProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping(path = "/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        String token = api.accessToken();
        SseEmitter emitter = new SseEmitter(30 * 60_000L);
        Thread.ofVirtual().name("bell").start(() -> relay(token, emitter));
        return emitter;
    }

    private void relay(String token, SseEmitter emitter) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.deliveryUrl() + "/api/v1/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        try {
            HttpResponse<java.io.InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                emitter.complete();
                return;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                long unread = 0;
                String event = "";
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("event:")) {
                        event = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        Matcher count = UNREAD.matcher(line);
                        if ("ready".equals(event) && count.find()) {
                            unread = Long.parseLong(count.group(1));
                        } else if ("notification".equals(event)) {
                            unread++;
                        } else {
                            continue;
                        }
                        emitter.send(SseEmitter.event().name("bell").data(badge(unread)));
                    } else if (line.isEmpty()) {
                        event = "";
                    }
                }
            }
            emitter.complete();
        } catch (IOException | IllegalStateException closed) {
            log.debug("notification relay ended: {}", closed.getClass().getSimpleName());
            complete(emitter);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            complete(emitter);
        }
    }

    private static void complete(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (IllegalStateException alreadyGone) {
            // the browser left; nothing to close
        }
    }

    static String badge(long unread) {
        String words = unread == 1 ? "1 new notification" : unread + " new notifications";
        return "<span class=\"bell-count" + (unread == 0 ? " zero" : "") + "\" aria-label=\""
                + HtmlUtils.htmlEscape(words) + "\">" + unread + "</span>";
    }

    /** The latest notices (PHI-free texts from delivery-service), each linking to its message. */
    @GetMapping("/notifications")
    String notices(Authentication authentication, Model model) {
        List<Notice> notices = api.delivery().get().uri("/api/v1/notifications?limit=10").headers(api.asUser())
                .retrieve().body(new ParameterizedTypeReference<List<Notice>>() {
                });
        model.addAttribute("notices", notices);
        model.addAttribute("base", Viewer.of(authentication).isClient() ? "/portal/messages/" : "/messages/");
        return "layout :: notices";
    }
}
