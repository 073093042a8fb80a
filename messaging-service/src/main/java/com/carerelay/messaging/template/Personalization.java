package com.carerelay.messaging.template;

import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.platform.web.ApiException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Fills a message's {@code {{variables}}} per recipient: {@code firstName}, {@code lastName},
 * {@code preferredName}, {@code fullName} from the recipient, {@code practiceName} and
 * {@code senderName} from the message, and any variable the caller supplies. Every variable must
 * have a value for every recipient, otherwise the whole send is refused with the names listed.
 */
@Component
public class Personalization {

    static final Set<String> RECIPIENT_VARIABLES = Set.of("firstName", "lastName", "preferredName", "fullName");

    /** What one recipient (or everyone) receives. */
    public record Content(String subject, String body) {
    }

    /**
     * The result: {@code common} when the text does not depend on the recipient (possibly unchanged),
     * otherwise one content per recipient id.
     */
    public record Rendering(Content common, Map<UUID, Content> perRecipient) {
    }

    private final TemplateRenderer renderer;

    public Personalization(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    public Rendering render(String subject, String body, List<DirectoryReplica.Entry> recipients, String practiceName,
                            String senderName, Map<String, String> callerVariables) {
        Set<String> used = new LinkedHashSet<>();
        try {
            used.addAll(renderer.variables(subject));
            used.addAll(renderer.variables(body));
        } catch (TemplateRenderer.SyntaxException e) {
            throw ApiException.badField("body", "The message is not a valid template: " + e.getMessage());
        }
        if (used.isEmpty()) {
            return new Rendering(new Content(subject, body), Map.of());
        }
        Map<String, String> messageValues = new HashMap<>(callerVariables == null ? Map.of() : callerVariables);
        messageValues.put("practiceName", practiceName);
        messageValues.put("senderName", senderName);

        Set<String> problems = new LinkedHashSet<>();
        for (String name : used) {
            if (!RECIPIENT_VARIABLES.contains(name) && messageValues.get(name) == null) {
                problems.add(name);
            }
        }
        boolean perRecipient = used.stream().anyMatch(RECIPIENT_VARIABLES::contains);
        Map<UUID, Map<String, String>> recipientValues = new LinkedHashMap<>();
        if (perRecipient) {
            for (DirectoryReplica.Entry recipient : recipients) {
                Map<String, String> values = new HashMap<>(messageValues);
                values.putAll(valuesOf(recipient));
                for (String name : used) {
                    if (RECIPIENT_VARIABLES.contains(name) && values.get(name) == null) {
                        problems.add(name + " (for " + recipient.displayName() + ")");
                    }
                }
                recipientValues.put(recipient.id(), values);
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badField("variables", "Template variables without a value: " + String.join(", ", problems)
                    + ". Nothing was sent.");
        }
        if (!perRecipient) {
            return new Rendering(new Content(renderer.render(subject, messageValues), renderer.render(body, messageValues)),
                    Map.of());
        }
        Map<UUID, Content> rendered = new LinkedHashMap<>();
        recipientValues.forEach((id, values) ->
                rendered.put(id, new Content(renderer.render(subject, values), renderer.render(body, values))));
        return new Rendering(null, rendered);
    }

    private static Map<String, String> valuesOf(DirectoryReplica.Entry recipient) {
        Map<String, String> values = new HashMap<>();
        values.put("fullName", recipient.displayName());
        if (recipient.firstName() != null) {
            values.put("firstName", recipient.firstName());
            values.put("preferredName", recipient.preferredName() == null || recipient.preferredName().isBlank()
                    ? recipient.firstName() : recipient.preferredName());
        }
        if (recipient.lastName() != null) {
            values.put("lastName", recipient.lastName());
        }
        return values;
    }

}
