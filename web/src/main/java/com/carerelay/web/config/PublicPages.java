package com.carerelay.web.config;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The page the provider sends the browser back to after sign-out, and the "not allowed" page. */
@Controller
class PublicPages {

    @GetMapping("/signed-out")
    String signedOut() {
        return "signed-out";
    }

    @org.springframework.web.bind.annotation.RequestMapping("/denied")
    String denied(jakarta.servlet.http.HttpServletResponse response, org.springframework.ui.Model model) {
        response.setStatus(403);
        model.addAttribute("status", 403);
        model.addAttribute("headline", "Not allowed");
        model.addAttribute("detail", "Your account may not open this page.");
        return "problem";
    }
}
