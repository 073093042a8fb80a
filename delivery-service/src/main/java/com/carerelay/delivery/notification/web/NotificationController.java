package com.carerelay.delivery.notification.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.delivery.notification.NotificationFeed;
import com.carerelay.delivery.notification.NotificationStream;
import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's own in-app notification feed and its live stream. */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationController {

    private final NotificationFeed feed;
    private final NotificationStream stream;
    private final int maxLimit;

    NotificationController(NotificationFeed feed, NotificationStream stream,
                           @Value("${carerelay.notifications.max-limit}") int maxLimit) {
        this.feed = feed;
        this.stream = stream;
        this.maxLimit = maxLimit;
    }

    /** The newest notices first. */
    @GetMapping
    List<NotificationView> feed(Caller caller, @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > maxLimit) {
            throw ApiException.badField("limit", "limit: must be between 1 and " + maxLimit + ".");
        }
        return feed.latest(caller.practiceId(), caller.id(), limit).stream().map(NotificationView::of).toList();
    }

    @GetMapping("/unread-count")
    UnreadCount unreadCount(Caller caller) {
        return new UnreadCount(feed.unread(caller.practiceId(), caller.id()));
    }

    /** Marks one of the caller's notices seen; anyone else's answers 404. */
    @PostMapping("/{id}/seen")
    NotificationView seen(Caller caller, @PathVariable UUID id) {
        return feed.markSeen(caller.practiceId(), caller.id(), id).map(NotificationView::of)
                .orElseThrow(() -> ApiException.notFound("Notification " + id));
    }

    /**
     * Server-Sent Events: a {@code ready} event with the unread count, then a {@code notification}
     * event for each new notice, within a second of the message being sent.
     */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller, @AuthenticationPrincipal Jwt token) {
        return stream.open(caller.practiceId(), caller.id(), feed.unread(caller.practiceId(), caller.id()),
                token == null ? null : token.getExpiresAt());
    }

    record UnreadCount(long unread) {
    }
}
