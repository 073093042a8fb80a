package com.carerelay.web.messages;

import com.carerelay.web.api.ApiProblem;
import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.api.Views;
import com.carerelay.web.config.Viewer;
import com.carerelay.web.config.WebProperties;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Staff messaging: the Messages page (inbox and sent, unread count, search, paging) and a message's
 * page (its thread, replies, delivery status per recipient and channel, read receipts). Search terms
 * travel in POST bodies, never in URLs.
 */
@Controller
class MessagesController {

    private static final ParameterizedTypeReference<List<Views.InboxItem>> ITEMS = new ParameterizedTypeReference<>() {
    };
    private static final ParameterizedTypeReference<List<Views.Message>> THREAD = new ParameterizedTypeReference<>() {
    };

    private final ServiceApi api;
    private final WebProperties properties;

    MessagesController(ServiceApi api, WebProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/")
    String home(Authentication authentication) {
        Viewer viewer = Viewer.of(authentication);
        if (viewer.isClient()) {
            return "redirect:/portal";
        }
        return viewer.can("audit:read") && !viewer.can("message:send") ? "redirect:/compliance" : "redirect:/messages";
    }

    @GetMapping("/messages")
    String messages(Model model) {
        model.addAttribute("unread", unread());
        list("inbox", "", 0, model);
        return "messages";
    }

    /** The list part of the page: one box, filtered by subject or sender, one page of it. */
    @PostMapping("/messages/list")
    String list(@RequestParam(defaultValue = "inbox") String box, @RequestParam(defaultValue = "") String q,
                @RequestParam(defaultValue = "0") int page, Model model) {
        String path = "sent".equals(box) ? "/api/v1/sent?limit=200" : "/api/v1/inbox?limit=200";
        List<Views.InboxItem> all = api.messaging().get().uri(path).headers(api.asUser()).retrieve().body(ITEMS);
        Page<Views.InboxItem> shown = Page.of(filter(all, q), Math.max(page, 0), properties.pageSize());
        model.addAttribute("box", "sent".equals(box) ? "sent" : "inbox");
        model.addAttribute("q", q);
        model.addAttribute("items", shown);
        return "messages :: list";
    }

    static List<Views.InboxItem> filter(List<Views.InboxItem> items, String q) {
        String needle = q.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return items;
        }
        return items.stream().filter(item -> contains(item.subject(), needle) || contains(item.senderName(), needle)).toList();
    }

    private static boolean contains(String text, String needle) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(needle);
    }

    @GetMapping("/messages/{id}")
    String message(@PathVariable UUID id, Authentication authentication, Model model) {
        Viewer viewer = Viewer.of(authentication);
        Views.Message message = api.messaging().get().uri("/api/v1/messages/{id}", id).headers(api.asUser())
                .retrieve().body(Views.Message.class);
        boolean sentByMe = message.sender() != null && viewer.id().equals(message.sender().id());
        if (!sentByMe) {
            api.messaging().post().uri("/api/v1/messages/{id}/read", id).headers(api.asUser()).retrieve().toBodilessEntity();
        }
        List<Views.Message> thread = api.messaging().get().uri("/api/v1/threads/{id}", message.threadId())
                .headers(api.asUser()).retrieve().body(THREAD);
        model.addAttribute("message", message);
        model.addAttribute("thread", thread);
        model.addAttribute("sentByMe", sentByMe);
        if (sentByMe) {
            model.addAttribute("delivery", api.messaging().get().uri("/api/v1/messages/{id}/delivery", id)
                    .headers(api.asUser()).retrieve().body(Views.Delivery.class));
        }
        return "message";
    }

    @PostMapping("/messages/{id}/replies")
    String reply(@PathVariable UUID id, @RequestParam String body, RedirectAttributes redirect) {
        try {
            api.messaging().post().uri("/api/v1/messages/{id}/replies", id).headers(api.asUser())
                    .body(Map.of("body", body)).retrieve().toBodilessEntity();
            redirect.addFlashAttribute("toast", "Reply sent");
        } catch (ApiProblem problem) {
            if (problem.isNotFound()) {
                throw problem;
            }
            redirect.addFlashAttribute("replyError", problem.detail());
            redirect.addFlashAttribute("replyBody", body);
        }
        return "redirect:/messages/" + id;
    }

    @PostMapping("/messages/{id}/archive")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        api.messaging().post().uri("/api/v1/messages/{id}/archive", id).headers(api.asUser()).retrieve().toBodilessEntity();
        redirect.addFlashAttribute("toast", "Message archived");
        return "redirect:/messages";
    }

    private long unread() {
        Views.UnreadCount count = api.messaging().get().uri("/api/v1/inbox/unread-count").headers(api.asUser())
                .retrieve().body(Views.UnreadCount.class);
        return count == null ? 0 : count.unread();
    }

    /** One page of a list, with what the pager needs. */
    record Page<T>(List<T> items, int number, int pages, int total) {

        static <T> Page<T> of(List<T> all, int number, int size) {
            int pages = Math.max(1, (all.size() + size - 1) / size);
            int page = Math.min(number, pages - 1);
            return new Page<>(all.subList(page * size, Math.min(all.size(), (page + 1) * size)), page, pages, all.size());
        }

        public boolean hasPrevious() {
            return number > 0;
        }

        public boolean hasNext() {
            return number + 1 < pages;
        }
    }
}
