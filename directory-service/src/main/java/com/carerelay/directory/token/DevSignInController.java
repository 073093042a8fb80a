package com.carerelay.directory.token;

import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The development issuer's sign-in page: one button per person who may sign in (the demo users in the
 * local stack), or any e-mail typed in. Development only; a real provider asks for a password.
 */
@RestController
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevSignInController {

    private static final int LISTED = 12;

    private final DevUsers users;

    public DevSignInController(DevUsers users) {
        this.users = users;
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    public String signInPage(CsrfToken csrf, @RequestParam(required = false) String error) {
        StringBuilder page = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in - CareRelay development issuer</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
                ul{list-style:none;padding:0}li{margin:.4rem 0}button{font:inherit;padding:.5rem .8rem;cursor:pointer;
                border:1px solid #1f4e8c;background:#fff;color:#1f4e8c;border-radius:4px;text-align:left;width:100%}
                button:hover,button:focus{background:#1f4e8c;color:#fff}.who{display:block;font-size:.85rem}
                .error{color:#a40000;font-weight:bold}label{display:block;margin-top:1rem}</style></head><body><main>
                <h1>Sign in to CareRelay</h1>
                <p>Development issuer: pick who you are. No password is asked; this page exists only in the local profile.</p>
                """);
        if (error != null) {
            page.append("<p class=\"error\" role=\"alert\">Nobody active signs in with that e-mail.</p>");
        }
        page.append("<ul>");
        List<DevUsers.Listed> listed = users.listed(LISTED);
        for (DevUsers.Listed user : listed) {
            page.append("<li><form method=\"post\" action=\"/login\">").append(csrfField(csrf))
                    .append("<input type=\"hidden\" name=\"email\" value=\"").append(HtmlUtils.htmlEscape(user.email())).append("\">")
                    .append("<button type=\"submit\" data-email=\"").append(HtmlUtils.htmlEscape(user.email())).append("\">")
                    .append(HtmlUtils.htmlEscape(user.name())).append(" &lt;").append(HtmlUtils.htmlEscape(user.email()))
                    .append("&gt;<span class=\"who\">").append(HtmlUtils.htmlEscape(user.who())).append("</span></button></form></li>");
        }
        page.append("</ul><form method=\"post\" action=\"/login\">").append(csrfField(csrf))
                .append("<label for=\"email\">Or sign in by e-mail</label><input id=\"email\" name=\"email\" type=\"email\" required autocomplete=\"username\">")
                .append(" <button type=\"submit\" style=\"width:auto\">Sign in</button></form></main></body></html>");
        return page.toString();
    }

    private static String csrfField(CsrfToken csrf) {
        return "<input type=\"hidden\" name=\"" + HtmlUtils.htmlEscape(csrf.getParameterName()) + "\" value=\""
                + HtmlUtils.htmlEscape(csrf.getToken()) + "\">";
    }
}
