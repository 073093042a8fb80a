package com.carerelay.messaging.template;

import com.carerelay.platform.security.Caller;
import com.carerelay.messaging.directory.DirectoryReplica;
import com.carerelay.messaging.template.web.TemplateRequest;
import com.carerelay.platform.web.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Per-practice message templates: staff holding {@code message:send} manage and use them. */
@Service
public class TemplateService {

    private final MessageTemplateRepository templates;
    private final Personalization personalization;
    private final TemplateRenderer renderer;
    private final DirectoryReplica directory;

    public TemplateService(MessageTemplateRepository templates, Personalization personalization, TemplateRenderer renderer,
                           DirectoryReplica directory) {
        this.templates = templates;
        this.personalization = personalization;
        this.renderer = renderer;
        this.directory = directory;
    }

    @Transactional(readOnly = true)
    public List<MessageTemplate> list(Caller caller) {
        caller.requireStaff();
        return templates.findByPracticeIdOrderByName(caller.practiceId());
    }

    @Transactional(readOnly = true)
    public MessageTemplate get(Caller caller, UUID id) {
        caller.requireStaff();
        return templates.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("Template " + id));
    }

    @Transactional
    public MessageTemplate create(Caller caller, TemplateRequest request) {
        caller.require("message:send");
        return save(caller, new MessageTemplate(UUID.randomUUID(), caller.practiceId(), caller.id()), request);
    }

    @Transactional
    public MessageTemplate update(Caller caller, UUID id, TemplateRequest request) {
        caller.require("message:send");
        return save(caller, get(caller, id), request);
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        caller.require("message:send");
        templates.delete(get(caller, id));
    }

    /** Renders the template for one recipient, exactly as a send would. */
    @Transactional(readOnly = true)
    public Personalization.Content preview(Caller caller, UUID id, UUID recipientId, Map<String, String> variables) {
        MessageTemplate template = get(caller, id);
        DirectoryReplica.Entry recipient = directory.find(caller.practiceId(), recipientId)
                .orElseThrow(() -> ApiException.badField("recipientId", "recipientId: no one with id " + recipientId
                        + " in this practice."));
        String practiceName = directory.practice(caller.practiceId()).map(DirectoryReplica.PracticeSettings::name).orElse("");
        String senderName = directory.find(caller.practiceId(), caller.id()).map(DirectoryReplica.Entry::displayName)
                .orElse(caller.name());
        Personalization.Rendering rendering = personalization.render(template.getSubject(), template.getBody(),
                List.of(recipient), practiceName, senderName, variables);
        return rendering.common() != null ? rendering.common() : rendering.perRecipient().get(recipient.id());
    }

    private MessageTemplate save(Caller caller, MessageTemplate template, TemplateRequest request) {
        if (templates.existsByPracticeIdAndNameIgnoreCaseAndIdNot(caller.practiceId(), request.name(), template.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "name", "name: a template named " + request.name() + " already exists.");
        }
        try {
            renderer.variables(request.subject());
        } catch (TemplateRenderer.SyntaxException e) {
            throw ApiException.badField("subject", "subject: not a valid template: " + e.getMessage());
        }
        try {
            renderer.variables(request.body());
        } catch (TemplateRenderer.SyntaxException e) {
            throw ApiException.badField("body", "body: not a valid template: " + e.getMessage());
        }
        template.update(request.name(), request.subject(), request.body());
        return templates.save(template);
    }

}
