package com.carerelay.web.portal;

import com.carerelay.web.api.ApiProblem;
import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.api.Views;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client portal: the client's inbox with unread marks, a message (opening it marks it read),
 * its attachments, replies, and a new message to the practice (its care team, or a staff member who
 * messaged the client before). messaging-service decides what a client may see; the portal shows
 * only what it answers.
 */
@Controller
class PortalController {

    private static final ParameterizedTypeReference<List<Views.InboxItem>> ITEMS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Views.Message>> THREAD = new ParameterizedTypeReference<>() {
    };
    private static final int SENDERS_LOOKED_AT = 10;

    private final ServiceApi api;

    PortalController(ServiceApi api) {
        this.api = api;
    }

    @GetMapping("/portal")
    String inbox(Model model) {
        List<Views.InboxItem> items = api.messaging().get().uri("/api/v1/inbox?limit=100").headers(api.asUser())
                .retrieve().body(ITEMS);
        model.addAttribute("items", items);
        model.addAttribute("unread", items.stream().filter(item -> !item.read()).count());
        return "portal";
    }

    @GetMapping("/portal/messages/{id}")
    String message(@PathVariable UUID id, org.springframework.security.core.Authentication authentication, Model model) {
        Views.Message message = api.messaging().get().uri("/api/v1/messages/{id}", id).headers(api.asUser())
                .retrieve().body(Views.Message.class);
        boolean sentByMe = message.sender() != null
                && com.carerelay.web.config.Viewer.of(authentication).id().equals(message.sender().id());
        if (!sentByMe) {
            api.messaging().post().uri("/api/v1/messages/{id}/read", id).headers(api.asUser()).retrieve().toBodilessEntity();
        }
        model.addAttribute("message", message);
        model.addAttribute("thread", api.messaging().get().uri("/api/v1/threads/{id}", message.threadId())
                .headers(api.asUser()).retrieve().body(THREAD));
        return "portal-message";
    }

    @PostMapping("/portal/messages/{id}/replies")
    String reply(@PathVariable UUID id, @RequestParam String body, RedirectAttributes redirect) {
        try {
            api.messaging().post().uri("/api/v1/messages/{id}/replies", id).headers(api.asUser())
                    .body(Map.of("body", body)).retrieve().toBodilessEntity();
            redirect.addFlashAttribute("toast", "Your reply was sent");
        } catch (ApiProblem problem) {
            if (problem.isNotFound()) {
                throw problem;
            }
            redirect.addFlashAttribute("replyError", problem.detail());
            redirect.addFlashAttribute("replyBody", body);
        }
        return "redirect:/portal/messages/" + id;
    }

    /** A file of a message the client can see, streamed from messaging-service (which checks that). */
    @GetMapping("/portal/attachments/{id}")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id) {
        ResponseEntity<byte[]> file = api.messaging().get().uri("/api/v1/attachments/{id}", id).headers(api.asUser())
                .retrieve().toEntity(byte[].class);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(file.getHeaders().getContentType());
        headers.set(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION));
        headers.set("X-Content-Type-Options", "nosniff");
        headers.setCacheControl("no-store");
        return ResponseEntity.ok().headers(headers).body(file.getBody());
    }

    @GetMapping("/portal/new")
    String newMessage(Model model) {
        model.addAttribute("staff", staffWhoWrote());
        return "portal-new";
    }

    @PostMapping("/portal/new")
    String send(@RequestParam String to, @RequestParam(defaultValue = "") String subject,
                @RequestParam(defaultValue = "") String body, Model model, RedirectAttributes redirect) {
        Map<String, Object> recipients = "care-team".equals(to) ? Map.of("careTeam", true)
                : Map.of("staffIds", List.of(to));
        try {
            Views.Message sent = api.messaging().post().uri("/api/v1/messages").headers(api.asUser())
                    .body(Map.of("subject", subject, "body", body, "recipients", recipients))
                    .retrieve().body(Views.Message.class);
            redirect.addFlashAttribute("toast", "Your message was sent");
            return "redirect:/portal/messages/" + sent.id();
        } catch (ApiProblem problem) {
            model.addAttribute("staff", staffWhoWrote());
            model.addAttribute("problem", problem);
            model.addAttribute("to", to);
            model.addAttribute("subject", subject);
            model.addAttribute("body", body);
            return "portal-new";
        }
    }

    /** The staff members who sent the client one of their latest messages: whom the client may write to. */
    private Map<UUID, String> staffWhoWrote() {
        Map<UUID, String> staff = new LinkedHashMap<>();
        List<Views.InboxItem> items = api.messaging().get().uri("/api/v1/inbox?limit=" + SENDERS_LOOKED_AT)
                .headers(api.asUser()).retrieve().body(ITEMS);
        for (Views.InboxItem item : items) {
            Views.Message message = api.messaging().get().uri("/api/v1/messages/{id}", item.messageId())
                    .headers(api.asUser()).retrieve().body(Views.Message.class);
            if (message.sender() != null && "staff".equals(message.sender().kind())) {
                staff.putIfAbsent(message.sender().id(), message.sender().name());
            }
        }
        return staff;
    }
}
