package com.carerelay.web.config;

import com.carerelay.web.api.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page knows (who is signed in), and a service's refusal shown as a page in words. */
@ControllerAdvice
class PageAdvice {

    @ModelAttribute("viewer")
    Viewer viewer() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof OidcUser ? Viewer.of(authentication) : null;
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PageAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, HttpServletResponse response, Model model) {
        log.info("a service answered {}", problem.status());
        int status = problem.status() >= 500 ? 502 : problem.status();
        response.setStatus(status);
        // an exception handler's model does not get the @ModelAttribute methods: the header needs who is signed in
        model.addAttribute("viewer", viewer());
        model.addAttribute("status", status);
        model.addAttribute("headline", switch (problem.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 401 -> "Signed out";
            default -> problem.status() >= 500 ? "A service is not answering" : "Could not do that";
        });
        model.addAttribute("detail", problem.isNotFound()
                ? "This page does not exist, or it is not yours to see." : problem.detail());
        return "problem";
    }

    @ExceptionHandler(IllegalArgumentException.class)
    String badInput(IllegalArgumentException bad, HttpServletResponse response, Model model) {
        log.info("bad input: {}", bad.getClass().getSimpleName());
        response.setStatus(400);
        model.addAttribute("viewer", viewer());
        model.addAttribute("status", 400);
        model.addAttribute("headline", "Could not do that");
        model.addAttribute("detail", "The request was not valid.");
        return "problem";
    }
}
