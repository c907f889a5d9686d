package com.keepintouch.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import tools.jackson.databind.JsonNode;

/**
 * The operations dashboard ({@code /ops} on notifier-service) in a real headless Chromium: it loads,
 * refreshes by itself, and its figures are those of {@code /api/ops/summary}. A screenshot is
 * saved to {@code target/screenshots/ops-dashboard.png}.
 */
class DashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static WebDriver browser;

    @BeforeAll
    static void browser() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        SystemStack.healthy();
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1400, 1100));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheFiguresOfTheSummaryAndRefreshesByItself() throws IOException {
        // Something to show: a recruiter whose relationships went cold, with a subscribed receiver.
        People olga = People.recruiter("olga");
        String token = SystemStack.token("olga-ops", "ops");
        try (Receiver receiver = Receiver.start()) {
            String endpoint = olga.subscribe(receiver);
            String contact = olga.contact("Dashboard Person", 30);
            olga.touched(contact, "MEETING", "INBOUND", Instant.now().minus(90, ChronoUnit.DAYS));
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> olga.notifier()
                                    .get("/api/deliveries?status=DELIVERED&channel=WEBHOOK")
                                    .json()
                                    .path("items")
                                    .size()
                            == 1);

            browser.get(SystemStack.get().settings().serviceUrl("notifier-service") + "/ops#token=" + token);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("Live");
                assertThat(browser.getCurrentUrl())
                        .as("the token leaves the address bar")
                        .doesNotContain(token);
            });
            // The page and the API agree (both move while other work goes on: compare until they match).
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode summary = SystemStack.api("notifier-service", token)
                        .get("/api/ops/summary")
                        .json();
                Map<String, String> expected = new HashMap<>();
                summary.path("relationshipsByStatus")
                        .properties()
                        .forEach(e -> expected.put(
                                "relationships." + e.getKey(),
                                format(e.getValue().asLong())));
                summary.path("deliveriesByStatus")
                        .properties()
                        .forEach(e -> expected.put(
                                "deliveries." + e.getKey(), format(e.getValue().asLong())));
                summary.path("kafka")
                        .path("deadLetters")
                        .properties()
                        .forEach(e -> expected.put(
                                "dlt." + e.getKey(), format(e.getValue().asLong())));
                expected.put("endpoint." + endpoint + ".circuit", "CLOSED");
                expected.put("endpoint." + endpoint + ".state", "enabled");
                expected.put("endpoint." + endpoint + ".delivered", "1");
                assertThat(expected)
                        .containsKeys("relationships.OVERDUE", "deliveries.DELIVERED", "dlt.relationships.v1.DLT");
                assertThat(figures()).containsAllEntriesOf(expected);
            });
        }
        // It refreshes by itself: the time of its figures moves on without anyone touching it.
        String asOf = browser.findElement(By.id("as-of")).getText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElement(By.id("as-of")).getText().equals(asOf));
        assertThat(browser.findElements(By.cssSelector("#queue-spark polyline")))
                .hasSize(1);
        assertThat(browser.findElements(By.cssSelector("#relationship-bars .fill")))
                .isNotEmpty();

        Path screenshots = Path.of("target/screenshots");
        Files.createDirectories(screenshots);
        Path screenshot = screenshots.resolve("ops-dashboard.png");
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void saysSoWhenTheTokenLacksTheOpsScope() {
        String recruiter = SystemStack.token("rita", "recruiter");
        browser.get(SystemStack.get().settings().serviceUrl("notifier-service") + "/ops#token=" + recruiter);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("status")).getText())
                                .isEqualTo("This token lacks the ops or admin scope"));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    private static Map<String, String> figures() {
        Map<String, String> figures = new HashMap<>();
        List<WebElement> elements = browser.findElements(By.cssSelector("[data-figure]"));
        for (WebElement element : elements) {
            figures.put(element.getAttribute("data-figure"), element.getText().trim());
        }
        return figures;
    }

    private static String format(long n) {
        return String.format(java.util.Locale.ENGLISH, "%,d", n);
    }
}
