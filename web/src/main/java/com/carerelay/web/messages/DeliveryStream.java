package com.carerelay.web.messages;

import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.api.Views;
import com.carerelay.web.config.WebProperties;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.thymeleaf.TemplateSpec;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * The live delivery status of a message its sender is looking at: the web app asks messaging-service
 * again every {@code carerelay.web.delivery-poll} (as the sender, with the token captured when the
 * page opened the stream) and pushes the re-rendered status over Server-Sent Events when it changed.
 */
@Controller
class DeliveryStream {

    private static final Logger log = LoggerFactory.getLogger(DeliveryStream.class);

    private record Watch(UUID messageId, String token, SseEmitter emitter, String[] last) {
    }

    private final ServiceApi api;
    private final SpringTemplateEngine templates;
    private final Map<SseEmitter, Watch> watches = new ConcurrentHashMap<>();

    DeliveryStream(ServiceApi api, SpringTemplateEngine templates, WebProperties properties) {
        this.api = api;
        this.templates = templates;
    }

    @GetMapping(path = "/messages/{id}/delivery/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@PathVariable UUID id) {
        String token = api.accessToken();
        // the first read happens here, so a forged id answers the API's 404 rather than an empty stream
        Views.Delivery delivery = fetch(id, token);
        SseEmitter emitter = new SseEmitter(30 * 60_000L);
        Watch watch = new Watch(id, token, emitter, new String[]{render(delivery)});
        watches.put(emitter, watch);
        emitter.onCompletion(() -> watches.remove(emitter));
        emitter.onTimeout(() -> watches.remove(emitter));
        emitter.onError(error -> watches.remove(emitter));
        return emitter;
    }

    @Scheduled(fixedDelayString = "${carerelay.web.delivery-poll}")
    void poll() {
        for (Watch watch : watches.values()) {
            try {
                String html = render(fetch(watch.messageId(), watch.token()));
                if (!Objects.equals(html, watch.last()[0])) {
                    watch.last()[0] = html;
                    watch.emitter().send(SseEmitter.event().name("delivery").data(html.replace("\n", " ")));
                }
            } catch (IOException | RuntimeException gone) {
                log.debug("closing a delivery stream: {}", gone.getClass().getSimpleName());
                watches.remove(watch.emitter());
                watch.emitter().complete();
            }
        }
    }

    private Views.Delivery fetch(UUID id, String token) {
        return api.messaging().get().uri("/api/v1/messages/{id}/delivery", id).headers(ServiceApi.bearer(token))
                .retrieve().body(Views.Delivery.class);
    }

    private String render(Views.Delivery delivery) {
        Context context = new Context();
        context.setVariable("delivery", delivery);
        return templates.process(new TemplateSpec("delivery", Set.of("delivery-status"), org.thymeleaf.templatemode.TemplateMode.HTML, null), context);
    }
}
