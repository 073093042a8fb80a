package com.carerelay.messaging.template.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A template: subject and body may use {@code {{variables}}}. */
public record TemplateRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 200) String subject,
                              @NotBlank @Size(max = 100_000) String body) {
}
