package com.carerelay.web.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the compose panel holds between requests (all in the POST body): chosen recipients as
 * {@code kind:id|name} chips, subject, message, uploaded attachment ids, the template and its
 * variables ({@code var.name} fields).
 */
public final class ComposeForm {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}}");
    /** Filled in by messaging-service itself (per recipient, or from the practice and the sender). */
    static final Set<String> SERVICE_VARIABLES = Set.of("firstName", "lastName", "preferredName", "fullName",
            "practiceName", "senderName");

    /** A chosen recipient as the panel shows it. */
    public record Chip(String kind, UUID id, String name) {

        static Chip parse(String value) {
            String[] parts = value.split("\\|", 2);
            String[] kindAndId = parts[0].split(":", 2);
            return new Chip(kindAndId[0], UUID.fromString(kindAndId[1]), parts.length > 1 ? parts[1] : kindAndId[1]);
        }

        public String value() {
            return kind + ":" + id + "|" + name;
        }

        public String kindLabel() {
            return switch (kind) {
                case "staff" -> "Staff";
                case "group" -> "Group";
                case "client" -> "Client";
                case "direct_contact" -> "DIRECT";
                default -> kind;
            };
        }
    }

    /** A file the panel lists: uploaded (with its id) or refused (with the reason in words). */
    public record FileRow(UUID id, String fileName, String size, String error) {
    }

    public List<Chip> chips = new ArrayList<>();
    public String subject = "";
    public String body = "";
    public List<FileRow> files = new ArrayList<>();
    public UUID templateId;
    public Map<String, String> variables = new LinkedHashMap<>();

    static ComposeForm from(Map<String, String[]> parameters) {
        ComposeForm form = new ComposeForm();
        for (String chip : parameters.getOrDefault("recipient", new String[0])) {
            try {
                form.chips.add(Chip.parse(chip));
            } catch (RuntimeException malformed) {
                // a chip the panel did not make: ignore it rather than send to it
            }
        }
        form.subject = first(parameters, "subject");
        form.body = first(parameters, "body");
        String[] ids = parameters.getOrDefault("attachmentId", new String[0]);
        String[] names = parameters.getOrDefault("attachmentName", new String[0]);
        for (int i = 0; i < ids.length; i++) {
            try {
                form.files.add(new FileRow(UUID.fromString(ids[i]), i < names.length ? names[i] : "attachment", null, null));
            } catch (IllegalArgumentException malformed) {
                // not an id the panel made
            }
        }
        String template = first(parameters, "templateId");
        form.templateId = template.isBlank() ? null : UUID.fromString(template);
        parameters.forEach((name, values) -> {
            if (name.startsWith("var.") && values.length > 0) {
                form.variables.put(name.substring(4), values[0]);
            }
        });
        return form;
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? "" : values[0];
    }

    /** The {@code {{variables}}} the sender must fill in: used in subject or body, not filled by the service. */
    public List<String> callerVariables() {
        Set<String> names = new LinkedHashSet<>();
        for (String text : List.of(subject, body)) {
            Matcher matcher = VARIABLE.matcher(text == null ? "" : text);
            while (matcher.find()) {
                if (!SERVICE_VARIABLES.contains(matcher.group(1))) {
                    names.add(matcher.group(1));
                }
            }
        }
        return List.copyOf(names);
    }

    /** The body of {@code POST /api/v1/messages}. */
    Map<String, Object> sendRequest() {
        Map<String, List<String>> recipients = new LinkedHashMap<>();
        for (Chip chip : chips) {
            String key = switch (chip.kind()) {
                case "staff" -> "staffIds";
                case "group" -> "groupIds";
                case "client" -> "clientIds";
                case "direct_contact" -> "directContactIds";
                default -> null;
            };
            if (key != null) {
                recipients.computeIfAbsent(key, k -> new ArrayList<>()).add(chip.id().toString());
            }
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("subject", subject);
        request.put("body", body);
        request.put("recipients", recipients);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : callerVariables()) {
            String value = variables.get(name);
            if (value != null && !value.isBlank()) {
                values.put(name, value);
            }
        }
        if (!values.isEmpty()) {
            request.put("variables", values);
        }
        request.put("attachmentIds", files.stream().filter(file -> file.id() != null).map(file -> file.id().toString()).toList());
        return request;
    }

    public Chip firstChip() {
        return chips.isEmpty() ? null : chips.getFirst();
    }
}
