package com.carerelay.web.compose;

import com.carerelay.web.api.ApiProblem;
import com.carerelay.web.api.ServiceApi;
import com.carerelay.web.api.Views;
import com.carerelay.web.config.WebProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The compose panel (staff): recipients typeahead over directory-service, attachments uploaded to
 * messaging-service one by one, templates with their variables previewed for the first recipient,
 * and the send itself. Every fragment comes back as HTML for htmx to swap in; a refusal keeps what
 * was typed and shows the service's words next to the field it names.
 */
@Controller
class ComposeController {

    private static final ParameterizedTypeReference<List<Views.Template>> TEMPLATES = new ParameterizedTypeReference<>() {
    };

    private final ServiceApi api;
    private final WebProperties properties;

    ComposeController(ServiceApi api, WebProperties properties) {
        this.api = api;
        this.properties = properties;
    }

    @GetMapping("/compose")
    String panel(Model model) {
        model.addAttribute("form", new ComposeForm());
        model.addAttribute("templates", templates());
        model.addAttribute("sendKey", UUID.randomUUID());
        return "compose :: panel";
    }

    /** The listbox options for what was typed in To: (the query travels in the POST body). */
    @PostMapping("/compose/recipients")
    String recipients(@RequestParam(defaultValue = "") String q, Model model) {
        List<Views.Match> matches = List.of();
        if (!q.isBlank()) {
            Views.Recipients found = api.directory().get()
                    .uri(uri -> uri.path("/api/v1/recipients").queryParam("q", q.strip()).queryParam("limit", 10).build())
                    .headers(api.asUser()).retrieve().body(Views.Recipients.class);
            matches = found == null ? List.of() : found.items();
        }
        model.addAttribute("matches", matches);
        model.addAttribute("q", q);
        return "compose :: options";
    }

    /** Uploads each chosen file; a refused one is listed with the reason in words. */
    @PostMapping(path = "/compose/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String attachments(@RequestParam("files") List<MultipartFile> files, Model model) {
        List<ComposeForm.FileRow> rows = new ArrayList<>();
        for (MultipartFile file : files) {
            if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                continue;
            }
            rows.add(upload(file));
        }
        model.addAttribute("rows", rows);
        return "compose :: files";
    }

    private ComposeForm.FileRow upload(MultipartFile file) {
        String name = file.getOriginalFilename() == null ? "attachment" : file.getOriginalFilename();
        try {
            MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
            byte[] bytes = file.getBytes();
            parts.add("file", new ByteArrayResource(bytes) {
                @Override
                public String getFilename() {
                    return name;
                }
            });
            Views.Attachment uploaded = api.messaging().post().uri("/api/v1/attachments").headers(api.asUser())
                    .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().body(Views.Attachment.class);
            return new ComposeForm.FileRow(uploaded.id(), uploaded.fileName(), uploaded.size(), null);
        } catch (ApiProblem refused) {
            return new ComposeForm.FileRow(null, name, null, refusal(refused));
        } catch (java.io.IOException unreadable) {
            return new ComposeForm.FileRow(null, name, null, "The file could not be read.");
        }
    }

    static String refusal(ApiProblem refused) {
        return switch (refused.status()) {
            case 415 -> "This type of file is not allowed. " + refused.detail();
            case 413 -> "This file is too large. " + refused.detail();
            default -> refused.detail();
        };
    }

    /** A template was picked: fill subject and message with it and preview it for the first recipient. */
    @PostMapping("/compose/template")
    String template(HttpServletRequest request, Model model) {
        ComposeForm form = ComposeForm.from(request.getParameterMap());
        if (form.templateId != null) {
            Views.Template template = api.messaging().get().uri("/api/v1/templates/{id}", form.templateId)
                    .headers(api.asUser()).retrieve().body(Views.Template.class);
            form.subject = template.subject();
            form.body = template.body();
        }
        preview(form, model);
        return "compose :: template-fields";
    }

    /** The variables and the preview, again after a value or a recipient changed. */
    @PostMapping("/compose/preview")
    String preview(HttpServletRequest request, Model model) {
        preview(ComposeForm.from(request.getParameterMap()), model);
        return "compose :: preview";
    }

    private void preview(ComposeForm form, Model model) {
        List<String> missing = form.callerVariables().stream()
                .filter(name -> form.variables.getOrDefault(name, "").isBlank()).toList();
        model.addAttribute("form", form);
        model.addAttribute("missing", missing);
        ComposeForm.Chip first = form.firstChip();
        if (form.templateId != null && first != null && !"group".equals(first.kind())) {
            try {
                model.addAttribute("preview", api.messaging().post().uri("/api/v1/templates/{id}/preview", form.templateId)
                        .headers(api.asUser()).body(Map.of("recipientId", first.id(), "variables", form.variables))
                        .retrieve().body(Views.Rendered.class));
            } catch (ApiProblem problem) {
                model.addAttribute("previewProblem", problem.detail());
            }
        }
    }

    @PostMapping("/compose/send")
    String send(HttpServletRequest request, HttpServletResponse response, Model model) {
        ComposeForm form = ComposeForm.from(request.getParameterMap());
        try {
            Views.Message sent = api.messaging().post().uri("/api/v1/messages").headers(api.asUser())
                    .header("Idempotency-Key", request.getParameter("sendKey") == null ? UUID.randomUUID().toString()
                            : request.getParameter("sendKey"))
                    .body(form.sendRequest()).retrieve().body(Views.Message.class);
            response.setHeader("HX-Trigger", "{\"message-sent\":{\"id\":\"" + sent.id() + "\"}}");
            model.addAttribute("sent", sent);
            return "compose :: sent";
        } catch (ApiProblem problem) {
            model.addAttribute("form", form);
            model.addAttribute("templates", templates());
            model.addAttribute("problem", problem);
            model.addAttribute("directInvalid", problem.status() == 403
                    && problem.detail().startsWith("Your DIRECT address credentials are not valid"));
            model.addAttribute("directHelp", properties.directCredentialsHelpUrl());
            model.addAttribute("sendKey", request.getParameter("sendKey"));
            return "compose :: panel";
        }
    }

    private List<Views.Template> templates() {
        try {
            List<Views.Template> templates = api.messaging().get().uri("/api/v1/templates").headers(api.asUser())
                    .retrieve().body(TEMPLATES);
            return templates == null ? List.of() : templates;
        } catch (ApiProblem unavailable) {
            return List.of();
        }
    }
}
