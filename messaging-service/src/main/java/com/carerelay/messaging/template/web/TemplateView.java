package com.carerelay.messaging.template.web;

import com.carerelay.messaging.template.MessageTemplate;
import java.time.Instant;
import java.util.UUID;

public record TemplateView(UUID id, String name, String subject, String body, Instant updatedAt) {

    public static TemplateView of(MessageTemplate template) {
        return new TemplateView(template.getId(), template.getName(), template.getSubject(), template.getBody(),
                template.getUpdatedAt());
    }
}
