package com.carerelay.deploy.browser;

import com.carerelay.directory.benchmark.BulkDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.carerelay.deploy.CareRelaySystem;
import com.carerelay.directory.demo.DemoData;
import com.carerelay.testing.RealServers;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Speed of the web app (issue 15, "Quality bars"), a benchmark, not a timed test: the whole system in one
 * JVM as {@link BrowserIT} starts it (embedded PostgreSQL, KRaft Kafka, GreenMail, local profile with the demo
 * practice Sunrise), 200,000 more directory entries in Sunrise (COPY into directory-service's tables and
 * recipient index), then
 * <ol>
 *   <li>keystroke to suggestions shown in headless Chromium: dana@sunrise.example signed in, the compose panel
 *   open, {@code N} query sequences typed one real key at a time ({@code keyPaceMillis} apart) into To:; in the
 *   page, the keydown's {@code event.timeStamp} to the first animation frame after htmx swapped the options for
 *   exactly that typed value into {@code #recipient-options} (a MutationObserver on it stamps the DOM change);</li>
 *   <li>server time of each page: there is no Server-Timing header, so time to first byte (response headers) with
 *   java.net.http holding the signed-in browser's session cookie, one request at a time over loopback; the time
 *   to the last byte is printed beside it.</li>
 * </ol>
 * Not part of {@code ./mvnw verify} (not named *IT); run with {@code -Dit.test=WebSpeedBenchmark} (README,
 * "Benchmarks"). Prints a table with p50/p95/p99 and the goals and writes it to target/web-speed-benchmark.txt.
 */
class WebSpeedBenchmark {

    static final int ENTRIES = Integer.getInteger("benchmark.entries", 200_000);
    static final int SEQUENCES = Integer.getInteger("benchmark.sequences", 200);
    static final int WARMUP_SEQUENCES = Integer.getInteger("benchmark.warmupSequences", 30);
    static final int KEY_PACE_MILLIS = Integer.getInteger("benchmark.keyPaceMillis", 150);
    static final int REQUESTS = Integer.getInteger("benchmark.requests", 200);
    static final int WARMUP_SECONDS = Integer.getInteger("benchmark.warmupSeconds", 60);
    static final double KEYSTROKE_GOAL_MS = 150;
    static final double SERVER_GOAL_MS = 50;

    static final UUID JORDAN = DemoData.JORDAN;

    private static final String INSTRUMENT = """
            const input = document.getElementById('to-input');
            const listbox = document.getElementById('recipient-options');
            const B = window.__bench = {keys: {}, results: {}, xq: new WeakMap(), mutations: 0, lastMutation: null};
            let lastKey = null;
            document.addEventListener('keydown', e => { if (e.target === input) { lastKey = e.timeStamp; } }, true);
            input.addEventListener('input', () => {
              B.keys[input.value] = lastKey !== null ? lastKey : performance.now();
              lastKey = null;
            }, true);
            document.body.addEventListener('htmx:beforeRequest', e => {
              if (e.detail.elt === input) { B.xq.set(e.detail.xhr, input.value); }
            });
            document.body.addEventListener('htmx:afterSwap', e => {
              if (!e.detail.target || e.detail.target.id !== 'recipient-options') { return; }
              const q = B.xq.get(e.detail.xhr);
              const swapped = performance.now();
              requestAnimationFrame(() => {
                const key = B.keys[q];
                if (q === undefined || key === undefined || B.results[q] !== undefined) { return; }
                B.results[q] = {frame: performance.now() - key, swap: swapped - key,
                  mutation: (B.lastMutation === null ? swapped : B.lastMutation) - key,
                  options: listbox.querySelectorAll('[role=option]:not([aria-disabled])').length};
              });
            });
            new MutationObserver(() => { B.lastMutation = performance.now(); B.mutations++; })
              .observe(listbox, {childList: true, subtree: true});
            return true;
            """;

    @Test
    void keystrokeToSuggestionsAndServerTimeOfEachPage() throws Exception {
        assumeTrue(Files.isExecutable(Browser.CHROMIUM) && Files.isExecutable(Browser.CHROMEDRIVER),
                "WebSpeedBenchmark skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed");
        CareRelaySystem.DATABASES.forEach(RealServers::database);
        GreenMail smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String jdbcBase = "jdbc:postgresql://localhost:" + RealServers.postgres().getPort() + "/";
        CareRelaySystem system = CareRelaySystem.start(new CareRelaySystem.Settings(jdbcBase, "postgres", "postgres",
                RealServers.kafkaBootstrapServers(), "127.0.0.1", smtp.getSmtp().getPort(),
                new CareRelaySystem.Ports(freePort(), freePort(), freePort(), freePort(), freePort()), true));
        try (Browser browser = new Browser()) {
            run(system, jdbcBase, browser);
        } finally {
            system.close();
            smtp.stop();
        }
    }

    private void run(CareRelaySystem system, String jdbcBase, Browser browser) throws Exception {
        String web = system.url("web");
        List<String> report = new ArrayList<>();

        // dana signs in and sends one message to Jordan, so /messages/{id}, /portal and the compliance history have one
        browser.open(web + "/");
        browser.signInAs("dana@sunrise.example");
        browser.find("#add-message").click();
        browser.until(d -> d.findElement(By.id("compose-panel")).getAttribute("class").contains("open") ? true : null);
        WebElement to = browser.find("#to-input");
        to.sendKeys("Jordan Avery");
        browser.waitForText("#recipient-options", "Jordan Avery");
        to.sendKeys(Keys.ENTER);
        browser.until(d -> browser.texts("#chips .chip > span").stream().anyMatch(c -> c.startsWith("Jordan Avery")) ? true : null);
        browser.find("#subject").sendKeys("Benchmark");
        browser.find("#body").sendKeys("A message for the pages the benchmark opens.");
        browser.find("#send-button").click();
        browser.waitForText("#toast", "Message sent");
        browser.find("#sent-link").click();
        browser.until(d -> d.getCurrentUrl().matches(".*/messages/[0-9a-f-]{36}$") ? true : null);
        String messageId = browser.driver().getCurrentUrl().replaceAll(".*/messages/", "");
        String dana = browser.driver().manage().getCookieNamed("CARERELAY_SESSION").getValue();

        // the other two sign-ins the pages need, a portal client and a compliance user, before the load (the issuer's
        // sign-in page lists the first people by e-mail, which would then be bulk entries)
        browser.freshSession();
        browser.open(web + "/portal");
        browser.signInAs("jordan@client.example");
        browser.find("main");
        String jordan = browser.driver().manage().getCookieNamed("CARERELAY_SESSION").getValue();
        browser.freshSession();
        browser.open(web + "/compliance");
        browser.signInAs("alex@sunrise.example");
        browser.find("main");
        String alex = browser.driver().manage().getCookieNamed("CARERELAY_SESSION").getValue();

        // 200,000 more entries in Sunrise
        BulkDirectory.Loaded loaded;
        try (Connection connection = DriverManager.getConnection(jdbcBase + "directory", "postgres", "postgres")) {
            loaded = BulkDirectory.load(connection, DemoData.SUNRISE, ENTRIES, 42);
        }
        line(report, String.format(Locale.ROOT, "Loaded %,d directory entries into Sunrise (%,d suggestible, %,d index rows) in %,d ms",
                loaded.entries(), loaded.suggestible(), loaded.indexRows(), loaded.millis()));

        Pages pages = new Pages(web, dana, jordan, alex, messageId);
        Random random = new Random(7);
        List<String> queries = BulkDirectory.queries(random, 1000);

        // warm-up over HTTP (JIT: on two cores the hot paths need about a minute), every page and the typeahead
        Instant warmUntil = Instant.now().plusSeconds(WARMUP_SECONDS);
        int warmups = 0;
        while (Instant.now().isBefore(warmUntil)) {
            for (String page : pages.names()) {
                pages.measure(page, queries.get(warmups++ % queries.size()));
            }
        }
        line(report, "HTTP warm-up: " + warmups + " requests over every page in " + WARMUP_SECONDS + " s");

        // keystrokes in Chromium, signed in as dana again (her session from above)
        browser.freshSession();
        browser.open(web + "/messages");
        browser.driver().manage().addCookie(new org.openqa.selenium.Cookie("CARERELAY_SESSION", dana, "/"));
        browser.open(web + "/messages");
        browser.find("#add-message").click();
        browser.until(d -> d.findElement(By.id("compose-panel")).getAttribute("class").contains("open") ? true : null);
        to = browser.find("#to-input");
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript(INSTRUMENT);
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Samples everyKey = new Samples();
        Samples lastKey = new Samples();
        Samples swapOnly = new Samples();
        int missed = 0;
        int emptyLists = 0;
        int keystrokes = 0;
        List<String> typed = queries.subList(0, WARMUP_SEQUENCES + SEQUENCES);
        for (int s = 0; s < typed.size(); s++) {
            String query = typed.get(s);
            boolean measured = s >= WARMUP_SEQUENCES;
            js.executeScript("const i = document.getElementById('to-input'); i.value = '';"
                    + " i.dispatchEvent(new Event('input', {bubbles: true}));");
            Thread.sleep(KEY_PACE_MILLIS);
            js.executeScript("__bench.keys = {}; __bench.results = {};");
            for (char c : query.toCharArray()) {
                to.sendKeys(String.valueOf(c));
                Thread.sleep(KEY_PACE_MILLIS);
            }
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> results = (Map<String, Map<String, Object>>) js.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const q = arguments[0];
                    const started = performance.now();
                    (function poll() {
                      if (__bench.results[q] !== undefined || performance.now() - started > 5000) { done(__bench.results); }
                      else { setTimeout(poll, 10); }
                    })();
                    """, query);
            if (!measured) {
                continue;
            }
            for (int k = 1; k <= query.length(); k++) {
                String prefix = query.substring(0, k);
                keystrokes++;
                Map<String, Object> result = results.get(prefix);
                if (result == null) {
                    missed++;
                    continue;
                }
                double frame = ((Number) result.get("frame")).doubleValue();
                everyKey.add(frame);
                swapOnly.add(((Number) result.get("swap")).doubleValue());
                if (((Number) result.get("options")).intValue() == 0 && !prefix.isBlank()) {
                    emptyLists++;
                }
                if (k == query.length()) {
                    lastKey.add(frame);
                }
            }
        }
        line(report, String.format(Locale.ROOT, "Chromium: %d sequences after %d warm-up sequences, %d keystrokes %d ms apart;"
                        + " %d keystrokes whose suggestions were never shown (superseded or > 5 s), %d shown as 'No match'",
                SEQUENCES, WARMUP_SEQUENCES, keystrokes, KEY_PACE_MILLIS, missed, emptyLists));
        assertThat(js.executeScript("return __bench.mutations")).as("the MutationObserver saw the options change")
                .isNotEqualTo(0L);

        // server time of each page, one request at a time
        Map<String, Samples[]> server = new LinkedHashMap<>();
        for (String page : pages.names()) {
            Samples ttfb = new Samples();
            Samples total = new Samples();
            for (int i = 0; i < REQUESTS; i++) {
                double[] timing = pages.measure(page, queries.get(i % queries.size()));
                ttfb.add(timing[0]);
                total.add(timing[1]);
            }
            server.put(page, new Samples[]{ttfb, total});
        }
        line(report, "Server: " + REQUESTS + " sequential requests per page; no Server-Timing header is sent, so server time ="
                + " time to first byte (response headers) over loopback with the session cookie; last byte beside it");

        // behind the pages: the services' API calls they make, with a bearer token from /dev/tokens (not a goal line)
        Map<String, Samples> apis = new LinkedHashMap<>();
        String danaToken = devToken(system, "dana@sunrise.example");
        String alexToken = devToken(system, "alex@sunrise.example");
        Map<String, String[]> calls = new LinkedHashMap<>();
        calls.put("directory GET /api/v1/clients?size=50 (/compliance)", new String[]{system.url("directory") + "/api/v1/clients?size=50", alexToken});
        calls.put("directory GET /api/v1/clients/{id} (/compliance/clients/{id})", new String[]{system.url("directory") + "/api/v1/clients/" + JORDAN, alexToken});
        calls.put("messaging GET /api/v1/messages/{id} (/messages/{id})", new String[]{system.url("messaging") + "/api/v1/messages/" + messageId, danaToken});
        calls.put("messaging GET /api/v1/messages/{id}/delivery (/messages/{id})", new String[]{system.url("messaging") + "/api/v1/messages/" + messageId + "/delivery", danaToken});
        calls.put("directory GET /api/v1/recipients?q=Mar&limit=10 (typeahead)", new String[]{system.url("directory") + "/api/v1/recipients?q=Mar&limit=10", danaToken});
        for (Map.Entry<String, String[]> call : calls.entrySet()) {
            Samples samples = new Samples();
            for (int i = 0; i < REQUESTS; i++) {
                samples.add(pages.bearer(call.getValue()[0], call.getValue()[1]));
            }
            apis.put(call.getKey(), samples);
        }

        line(report, "");
        line(report, "| Measure | n | p50 ms | p95 ms | p99 ms | goal (p95) | result |");
        line(report, "|---|---|---|---|---|---|---|");
        row(report, "keystroke -> suggestions shown, every keystroke (Chromium)", everyKey, KEYSTROKE_GOAL_MS, "");
        row(report, "keystroke -> suggestions shown, last key of each sequence", lastKey, KEYSTROKE_GOAL_MS, "");
        row(report, "keystroke -> options swapped in (before the frame)", swapOnly, KEYSTROKE_GOAL_MS, "");
        for (Map.Entry<String, Samples[]> page : server.entrySet()) {
            Samples[] s = page.getValue();
            row(report, page.getKey() + " TTFB", s[0], SERVER_GOAL_MS,
                    String.format(Locale.ROOT, " (last byte p50 %.1f, p95 %.1f, p99 %.1f; %d not 200)",
                            s[1].percentile(50), s[1].percentile(95), s[1].percentile(99), pages.failures(page.getKey())));
        }
        line(report, "");
        line(report, "Behind the pages (the API calls they make, last byte, bearer token; for locating time, no goal):");
        line(report, "| API call | n | p50 ms | p95 ms | p99 ms |");
        line(report, "|---|---|---|---|---|");
        for (Map.Entry<String, Samples> api : apis.entrySet()) {
            line(report, String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |", api.getKey(), api.getValue().size(),
                    api.getValue().percentile(50), api.getValue().percentile(95), api.getValue().percentile(99)));
        }
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "web-speed-benchmark.txt"), report);
    }

    private static void row(List<String> report, String what, Samples samples, double goal, String note) {
        double p95 = samples.percentile(95);
        line(report, String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.0f ms | %s%s |", what, samples.size(),
                samples.percentile(50), p95, samples.percentile(99), goal,
                samples.size() == 0 ? "NO DATA" : p95 <= goal ? "PASS" : "FAIL", note));
    }

    private static void line(List<String> report, String text) {
        report.add(text);
        System.out.println("[WebSpeedBenchmark] " + text);
    }

    /** The measured pages, each fetched with the session cookie of the user who opens it. */
    static final class Pages {

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        private final String web;
        private final Map<String, String[]> pages = new LinkedHashMap<>();
        private final Map<String, Integer> failures = new LinkedHashMap<>();
        private final String csrfHeader;
        private final String csrfToken;
        private final String dana;

        Pages(String web, String dana, String jordan, String alex, String messageId) throws Exception {
            this.web = web;
            this.dana = dana;
            pages.put("GET /messages", new String[]{"/messages", dana});
            pages.put("GET /messages/{id}", new String[]{"/messages/" + messageId, dana});
            pages.put("GET /portal", new String[]{"/portal", jordan});
            pages.put("GET /compliance", new String[]{"/compliance", alex});
            pages.put("GET /compliance/clients/{id}", new String[]{"/compliance/clients/" + JORDAN, alex});
            pages.put("POST /compose/recipients", new String[]{"/compose/recipients", dana});
            HttpResponse<String> messages = http.send(get("/messages", dana), HttpResponse.BodyHandlers.ofString());
            assertThat(messages.statusCode()).as("GET /messages with dana's session").isEqualTo(200);
            csrfToken = meta(messages.body(), "_csrf");
            csrfHeader = meta(messages.body(), "_csrf_header");
        }

        List<String> names() {
            return List.copyOf(pages.keySet());
        }

        int failures(String page) {
            return failures.getOrDefault(page, 0);
        }

        /** Milliseconds to the response headers and to the last byte. */
        double[] measure(String page, String query) throws Exception {
            String[] what = pages.get(page);
            HttpRequest request = page.startsWith("POST")
                    ? HttpRequest.newBuilder(URI.create(web + what[0])).timeout(Duration.ofSeconds(30))
                            .header("Cookie", "CARERELAY_SESSION=" + dana).header(csrfHeader, csrfToken)
                            .header("HX-Request", "true").header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("q=" + java.net.URLEncoder.encode(query,
                                    java.nio.charset.StandardCharsets.UTF_8))).build()
                    : get(what[0], what[1]);
            long[] headers = new long[1];
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, info -> {
                headers[0] = System.nanoTime();
                return HttpResponse.BodySubscribers.ofByteArray();
            });
            long end = System.nanoTime();
            if (response.statusCode() != 200) {
                failures.merge(page, 1, Integer::sum);
            }
            return new double[]{(headers[0] - start) / 1e6, (end - start) / 1e6};
        }

        /** Milliseconds to the last byte of a GET with a bearer token (a service's API). */
        double bearer(String url, String token) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long end = System.nanoTime();
            assertThat(response.statusCode()).as(url).isEqualTo(200);
            return (end - start) / 1e6;
        }

        private HttpRequest get(String path, String session) {
            return HttpRequest.newBuilder(URI.create(web + path)).timeout(Duration.ofSeconds(30))
                    .header("Cookie", "CARERELAY_SESSION=" + session).GET().build();
        }

        private static String meta(String html, String name) {
            Matcher matcher = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(html);
            assertThat(matcher.find()).as("meta " + name).isTrue();
            return matcher.group(1);
        }
    }

    static final class Samples {

        private final List<Double> values = new ArrayList<>();

        void add(double value) {
            values.add(value);
        }

        int size() {
            return values.size();
        }

        /** Nearest rank. */
        double percentile(double p) {
            if (values.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(null);
            int rank = (int) Math.ceil(p / 100 * sorted.size());
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
        }
    }

    private static String devToken(CareRelaySystem system, String email) {
        com.carerelay.testing.Http.Response issued = new com.carerelay.testing.Http(system.url("directory"))
                .post("/dev/tokens", null, "{\"email\":\"" + email + "\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.json().get("access_token").asString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
