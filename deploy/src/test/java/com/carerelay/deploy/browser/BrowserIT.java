package com.carerelay.deploy.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.carerelay.deploy.CareRelaySystem;
import com.carerelay.testing.Http;
import com.carerelay.testing.RealServers;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web app in a real headless Chromium against the whole system (four services and web in one JVM,
 * embedded PostgreSQL, KRaft Kafka, GreenMail): a staff member composes and sends, a client signs in
 * from the e-mail link, reads, replies and writes to the practice, the sender sees the read receipt and
 * the reply, the compliance user reads both clients' histories and verifies the chain; axe-core checks
 * each page. Skipped, with a message, only where Debian's chromium is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserIT {

    static final UUID JORDAN = UUID.fromString("88888888-8888-4888-8888-888888888888");
    static final UUID RILEY = UUID.fromString("99999999-9999-4999-8999-999999999999");

    static GreenMail smtp;
    static CareRelaySystem system;
    static Browser browser;
    static String web;
    static String sentMessageId;
    static Path pdf;

    @BeforeAll
    static void startTheSystemAndABrowser() throws IOException {
        assumeTrue(Files.isExecutable(Browser.CHROMIUM) && Files.isExecutable(Browser.CHROMEDRIVER),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are not installed "
                        + "(apt-get install -y chromium chromium-driver)");
        CareRelaySystem.DATABASES.forEach(RealServers::database);
        smtp = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        system = CareRelaySystem.start(new CareRelaySystem.Settings(
                "jdbc:postgresql://localhost:" + RealServers.postgres().getPort() + "/", "postgres", "postgres",
                RealServers.kafkaBootstrapServers(), "127.0.0.1", smtp.getSmtp().getPort(),
                new CareRelaySystem.Ports(freePort(), freePort(), freePort(), freePort(), freePort()), true));
        web = system.url("web");
        browser = new Browser();
        pdf = Files.createTempFile("intake-form", ".pdf");
        Files.writeString(pdf, "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    }

    @AfterAll
    static void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        if (system != null) {
            system.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    @Order(1)
    void staffMemberComposesToAGroupTwoClientsAndAStaffMemberAndSeesEveryoneDelivered() throws IOException {
        browser.open(web + "/");
        browser.signInAs("dana@sunrise.example");
        browser.find("#add-message");
        browser.assertAccessible("Messages");

        browser.find("#add-message").click();
        browser.until(d -> d.findElement(By.id("compose-panel")).getAttribute("class").contains("open") ? true : null);
        chooseByKeyboard("Care", "Care Team");
        chooseByKeyboard("Jordan", "Jordan Avery");
        chooseByClick("Riley", "Riley Chen");
        chooseByKeyboard("Sam", "Sam Okafor");
        assertThat(chips()).hasSize(4).anyMatch(chip -> chip.startsWith("Sam Okafor"));
        browser.find("button[aria-label^='Remove Sam Okafor']").click();
        assertThat(chips()).hasSize(3).noneMatch(chip -> chip.startsWith("Sam Okafor"))
                .anyMatch(chip -> chip.startsWith("Care Team")).anyMatch(chip -> chip.startsWith("Jordan Avery"))
                .anyMatch(chip -> chip.startsWith("Riley Chen"));

        browser.find("#subject").sendKeys("Group session");
        browser.find("#body").sendKeys("Monday's group session moves to 5pm.");
        browser.driver().findElement(By.id("file-input")).sendKeys(pdf.toString());
        browser.waitForText("#attachment-list", pdf.getFileName().toString());
        assertThat(browser.all("#attachment-list input[name=attachmentId]")).hasSize(1);
        Path program = Files.createTempFile("not-really", ".pdf");
        Files.write(program, new byte[]{'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0});
        browser.driver().findElement(By.id("file-input")).sendKeys(program.toString());
        browser.waitForText("#attachment-list .refused", "This type of file is not allowed");
        assertThat(browser.all("#attachment-list input[name=attachmentId]")).as("the refused file is not attached").hasSize(1);
        browser.assertAccessible("compose panel");
        browser.screenshot("compose-panel");

        browser.find("#send-button").click();
        browser.waitForText("#toast", "Message sent");
        browser.find("#sent-link").click();
        browser.until(Duration.ofSeconds(60), d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("tr[data-status]"));
            return rows.size() == 4 && rows.stream().allMatch(row -> List.of("delivered", "read")
                    .contains(row.getAttribute("data-status"))) ? true : null;
        });
        assertThat(browser.text()).contains("Jordan Avery", "Riley Chen", "Sam Okafor", "Pat Rivera", "intake-form");
        sentMessageId = browser.driver().getCurrentUrl().replaceAll(".*/messages/", "");
        browser.assertAccessible("message page");
        browser.screenshot("delivery-status");
    }

    @Test
    @Order(2)
    void aMissingTemplateValueIsNamedBeforeSending() {
        browser.freshSession();
        browser.open(web + "/");
        browser.signInAs("dana@sunrise.example");
        String dana = token("dana@sunrise.example");
        Http.Response created = new Http(system.url("messaging")).post("/api/v1/templates", dana, """
                {"name":"Appointment reminder","subject":"Reminder for {{firstName}}",
                 "body":"Hi {{firstName}}, your next visit is {{when}}."}""");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        browser.open(web + "/messages");
        browser.find("#add-message").click();
        chooseByKeyboard("Jordan", "Jordan Avery");

        new org.openqa.selenium.support.ui.Select(browser.find("#template-select")).selectByVisibleText("Appointment reminder");

        browser.waitForText("#missing-values", "Missing values: when");
        browser.find("#var-when").sendKeys("Tuesday at 10:00", Keys.TAB);
        browser.waitForText("#template-preview .preview", "Hi Jordan, your next visit is Tuesday at 10:00.");
        assertThat(browser.all("#missing-values")).isEmpty();
        browser.find(".close-panel").click();
        browser.signOut();
    }

    @Test
    @Order(3)
    void clientSignsInFromTheEmailLinkReadsRepliesAndWritesToThePractice() throws Exception {
        browser.freshSession();
        String link = browser.until(Duration.ofSeconds(30), d -> emailLink("jordan@client.example", sentMessageId));
        assertThat(link).startsWith(web + "/portal/messages/");

        browser.open(link);
        browser.signInAs("jordan@client.example");
        browser.until(d -> d.getCurrentUrl().startsWith(link) ? true : null);
        browser.waitForText("main", "Monday's group session moves to 5pm.");
        assertThat(browser.text()).contains("Dana Reyes", "Download intake-form").doesNotContain("Riley");
        browser.assertAccessible("portal message");

        browser.find("#reply-body").sendKeys("Thanks, 5pm works for me.");
        browser.find("#reply-body").submit();
        browser.waitForText("main", "Thanks, 5pm works for me.");

        browser.open(web + "/portal");
        assertThat(browser.text()).contains("Group session").doesNotContain("Riley");
        browser.assertAccessible("portal inbox");
        browser.screenshot("portal");

        browser.open(web + "/portal/new");
        browser.find("#subject").sendKeys("Question about Monday");
        browser.find("#body").sendKeys("Can I bring my partner to the session?");
        browser.find("#body").submit();
        browser.waitForText("main", "Can I bring my partner to the session?");
        assertThat(browser.driver().getCurrentUrl()).contains("/portal/messages/");
        browser.assertAccessible("portal new message sent");
        browser.signOut();
    }

    @Test
    @Order(4)
    void senderSeesTheReadReceiptAndTheReply() {
        browser.freshSession();
        browser.open(web + "/messages/" + sentMessageId);
        browser.signInAs("dana@sunrise.example");
        browser.until(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector("tr[data-recipient='Jordan Avery'][data-status='read']"))
                .isEmpty() ? null : true);
        assertThat(browser.find("tr[data-recipient='Jordan Avery']").getText()).contains("Read 20");
        assertThat(browser.text()).contains("Thanks, 5pm works for me.");

        browser.open(web + "/messages/" + UUID.randomUUID());
        assertThat(browser.find("h1").getText()).isEqualTo("Not found");
        browser.signOut();
    }

    @Test
    @Order(5)
    void complianceUserSeesEachClientsOwnHistoryAndAVerifiedChain() {
        browser.freshSession();
        browser.open(web + "/compliance");
        browser.signInAs("alex@sunrise.example");
        browser.find("#verify-chain").click();
        browser.waitForText("#chain-result", "Chain verified");
        browser.assertAccessible("compliance");

        for (UUID client : new UUID[]{JORDAN, RILEY}) {
            browser.open(web + "/compliance/clients/" + client);
            browser.until(Duration.ofSeconds(30), d -> {
                d.navigate().refresh();
                return d.findElement(By.tagName("main")).getText().contains("message.received") ? true : null;
            });
            List<WebElement> rows = browser.all("tr[data-subject]");
            assertThat(rows).isNotEmpty();
            assertThat(rows).allSatisfy(row -> assertThat(row.getAttribute("data-subject")).isEqualTo(client.toString()));
            assertThat(browser.text()).doesNotContain((client.equals(JORDAN) ? RILEY : JORDAN).toString());
            browser.assertAccessible("activity history");
            if (client.equals(JORDAN)) {
                browser.screenshot("compliance");
            }
        }
        browser.signOut();
    }

    private static void chooseByKeyboard(String typed, String name) {
        WebElement to = browser.find("#to-input");
        to.sendKeys(typed);
        browser.waitForText("#recipient-options", name);
        for (int moves = 0; moves < 10 && !browser.texts("#recipient-options [aria-selected='true']").toString().contains(name); moves++) {
            to.sendKeys(Keys.ARROW_DOWN);
        }
        to.sendKeys(Keys.ENTER);
        browser.until(d -> chips().stream().anyMatch(chip -> chip.startsWith(name)) ? true : null);
    }

    private static void chooseByClick(String typed, String name) {
        browser.find("#to-input").sendKeys(typed);
        browser.waitForText("#recipient-options", name);
        browser.all("#recipient-options [role=option]").stream().filter(option -> option.getText().contains(name))
                .findFirst().orElseThrow().click();
        browser.until(d -> chips().stream().anyMatch(chip -> chip.startsWith(name)) ? true : null);
    }

    private static List<String> chips() {
        return browser.texts("#chips .chip > span");
    }

    private static String emailLink(String to, String messageId) {
        for (Message message : smtp.getReceivedMessages()) {
            try {
                boolean forThem = Arrays.stream(message.getAllRecipients())
                        .anyMatch(address -> ((InternetAddress) address).getAddress().equals(to));
                Matcher link = Pattern.compile("(http://\\S+/portal/messages/" + messageId + ")").matcher(GreenMailUtil.getBody(message));
                if (forThem && link.find()) {
                    return link.group(1);
                }
            } catch (jakarta.mail.MessagingException unreadable) {
                // not the notice we wait for
            }
        }
        return null;
    }

    private static String token(String email) {
        Http.Response issued = new Http(system.url("directory")).post("/dev/tokens", null, "{\"email\":\"" + email + "\"}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        return issued.json().get("access_token").asString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
