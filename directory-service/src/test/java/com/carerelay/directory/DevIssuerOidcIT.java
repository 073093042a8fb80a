package com.carerelay.directory;

import static org.assertj.core.api.Assertions.assertThat;

import com.carerelay.testing.Http;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import tools.jackson.databind.JsonNode;

/** The development issuer as an OpenID Connect provider: what the web app (or any OIDC client) sees. */
class DevIssuerOidcIT extends DirectoryTestBase {

    static final UUID DANA = UUID.fromString("22222222-2222-4222-8222-222222222222");
    static final String REDIRECT = "http://localhost:8080/login/oauth2/code/carerelay";

    @Test
    void discoveryDocumentNamesTheEndpointsAnOidcClientNeeds() {
        JsonNode discovery = ok(http().get("/.well-known/openid-configuration", null));

        assertThat(discovery.get("issuer").asString()).isEqualTo("http://localhost:8081");
        assertThat(discovery.get("authorization_endpoint").asString()).endsWith("/oauth2/authorize");
        assertThat(discovery.get("token_endpoint").asString()).endsWith("/oauth2/token");
        assertThat(discovery.get("jwks_uri").asString()).endsWith("/oauth2/jwks");
        assertThat(discovery.get("end_session_endpoint").asString()).endsWith("/connect/logout");
        assertThat(discovery.get("code_challenge_methods_supported").toString()).contains("S256");
    }

    @Test
    void signInPageListsTheDemoUsers() throws Exception {
        Browser browser = new Browser();
        String page = browser.get("/login").body();

        assertThat(page).contains("dana@sunrise.example", "Dana Reyes", "jordan@client.example", "name=\"_csrf\"")
                .doesNotContain("casey@client.example");
    }

    @Test
    void authorizationCodeWithPkceGivesTokensWithTheCareRelayClaims() throws Exception {
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String authorize = "/oauth2/authorize?response_type=code&client_id=carerelay-web&scope=openid&state=s1&nonce=n1"
                + "&redirect_uri=" + encode(REDIRECT) + "&code_challenge=" + challenge + "&code_challenge_method=S256";

        HttpResponse<String> toLogin = browser.get(authorize);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        assertThat(toLogin.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        String csrf = field(browser.get("/login").body(), "_csrf");
        HttpResponse<String> signedIn = browser.post("/login", "email=dana%40sunrise.example&_csrf=" + encode(csrf), null);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> toClient = browser.get(URI.create(signedIn.headers().firstValue("Location").orElseThrow()).getRawPath()
                + "?" + URI.create(signedIn.headers().firstValue("Location").orElseThrow()).getRawQuery());
        String callback = toClient.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(REDIRECT).contains("state=s1");
        String code = URLDecoderHelper.param(callback, "code");

        HttpResponse<String> tokens = browser.post("/oauth2/token", "grant_type=authorization_code&code=" + encode(code)
                + "&redirect_uri=" + encode(REDIRECT) + "&code_verifier=" + verifier, "carerelay-web:carerelay-web-dev-secret");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        JsonNode body = Http.JSON.readTree(tokens.body());

        NimbusJwtDecoder jwks = NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks").build();
        for (String token : new String[]{body.get("access_token").asString(), body.get("id_token").asString()}) {
            Jwt jwt = jwks.decode(token);
            assertThat(jwt.getSubject()).isEqualTo(DANA.toString());
            assertThat(jwt.getClaimAsString("kind")).isEqualTo("staff");
            assertThat(jwt.getClaimAsString("tenant")).isEqualTo("11111111-1111-4111-8111-111111111111");
            assertThat(jwt.getClaimAsStringList("permissions")).contains("message:send");
            assertThat(jwt.getClaimAsString("name")).isEqualTo("Dana Reyes");
            assertThat(jwt.getClaimAsString("iss")).isEqualTo("http://localhost:8081");
        }
        assertThat(body.get("refresh_token")).isNotNull();
    }

    @Test
    void authorizationWithoutPkceIsRefused() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> refused = browser.get("/oauth2/authorize?response_type=code&client_id=carerelay-web&scope=openid"
                + "&state=s2&redirect_uri=" + encode(REDIRECT));

        String location = refused.headers().firstValue("Location").orElse("");
        assertThat(refused.statusCode() == 400 || location.contains("error=invalid_request"))
                .as(refused.statusCode() + " " + location + " " + refused.body()).isTrue();
        assertThat(location).doesNotContain("code=");
    }

    @Test
    void signingInAsNobodyShowsTheSignInPageAgainWithAnError() throws Exception {
        Browser browser = new Browser();
        String csrf = field(browser.get("/login").body(), "_csrf");

        HttpResponse<String> refused = browser.post("/login", "email=nobody%40nowhere.example&_csrf=" + encode(csrf), null);

        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
        assertThat(browser.get("/login?error").body()).contains("Nobody active signs in with that e-mail.");
    }

    private static String field(String html, String name) {
        Matcher matcher = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(matcher.find()).as(html).isTrue();
        return matcher.group(1);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static final class URLDecoderHelper {
        static String param(String url, String name) {
            for (String pair : URI.create(url).getRawQuery().split("&")) {
                if (pair.startsWith(name + "=")) {
                    return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
            throw new AssertionError(name + " not in " + url);
        }
    }

    /** A cookie-keeping client that does not follow redirects, like a browser stepping through them. */
    private final class Browser {
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String form, String basic) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
            if (basic != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
