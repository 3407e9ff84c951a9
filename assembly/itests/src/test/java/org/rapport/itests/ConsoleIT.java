package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web console in a real browser: Debian's Chromium, headless, driven through its
 * ChromeDriver by Selenium, against the distribution started as a server on embedded Derby.
 * Signs in (a wrong password first), finds a contact and reads its timeline, loyalty and the
 * decisions behind its tier; breaks a rule in the editor and sees the error at its line, fixes
 * it, deploys and rolls back; opens the dashboards (the service desk's figures per queue compared
 * with what REST counts) and the administration, where a plugin's KAR
 * is uploaded, its declaration read, approved and uninstalled; checks that an agent is kept out
 * of the rules; moves deals across the sales pipeline board (dragged, and with the keyboard, a
 * refusal shown), works leads, and reads the forecast as an analyst, each figure compared with
 * what REST says is stored; lives an agent's day ({@link ConsoleAgentDay}: a contact, a call,
 * consent, a purchase, a reward, an offer, a case, a retention task, a merge and its undo, each
 * effect checked over REST). Each main page is saved as a screenshot in
 * {@code target/screenshots}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class ConsoleIT {

    static final Path CHROMIUM = Path.of(System.getProperty("rapport.itest.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("rapport.itest.chromedriver", "/usr/bin/chromedriver"));
    private static final String AGENT_PASSWORD = "agent-password-12";

    private static ServerNode server;
    private static WebDriver browser;
    private static WebDriverWait wait;
    private static Path screenshots;
    private static long ada;
    private static ConsoleSalesData sales;
    private static ConsoleCampaignData campaigns;
    private static final String CAMPAIGN = "spring-console";
    private static long campaignId;
    private static ConsoleAgentData day;

    @BeforeClass
    public static void startServerAndBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install chromium chromium-driver, as .ci/run does");
        }
        Path dir = Path.of(System.getProperty("rapport.itest.nodes.dir")).resolve("console-" + System.currentTimeMillis());
        Map<String, String> etc = new HashMap<>(ConsoleCampaignData.etc());
        etc.putAll(ConsoleAgentData.etc());
        server = ServerNode.unpack(Path.of(System.getProperty("rapport.itest.distribution")), dir, "console", null, etc)
                .withTestJvm();
        server.start();
        server.awaitUp(Duration.ofMinutes(4));
        seed();
        day = ConsoleAgentData.seed(server, "alex");

        screenshots = Path.of(System.getProperty("rapport.itest.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking switches Chromium keeps calling home, which this closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1440,1000", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(driver, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    /**
     * A customer with a story (purchases that placed her in a tier, a call, a consent), another
     * who withdrew, an agent who signs in, a partner's key, and a tier re-evaluation that ran.
     */
    private static void seed() throws IOException {
        ada = created(server.admin("POST", "/contacts", "{\"firstName\": \"Ada\", \"lastName\": \"Lovelace\", "
                + "\"email\": \"ada@example.com\", \"phone\": \"+44 20 7946 0001\", \"tags\": [\"vip\"]}")).get("id").asLong();
        long grace = created(server.admin("POST", "/contacts", "{\"firstName\": \"Grace\", \"lastName\": \"Hopper\", "
                + "\"email\": \"grace@example.com\"}")).get("id").asLong();
        created(server.admin("POST", "/loyalty/purchases", "{\"contactId\": " + ada + ", \"eventId\": \"console-1\", "
                + "\"amount\": 1200, \"currency\": \"EUR\", \"channel\": \"web\"}"));
        created(server.admin("POST", "/loyalty/purchases", "{\"contactId\": " + grace + ", \"eventId\": \"console-2\", "
                + "\"amount\": 300, \"currency\": \"EUR\", \"channel\": \"store\"}"));
        created(server.admin("POST", "/contacts/" + ada + "/interactions", "{\"channel\": \"phone\", "
                + "\"direction\": \"inbound\", \"type\": \"call\", \"summary\": \"Asked how to reach the Gold tier\"}"));
        created(server.admin("POST", "/contacts/" + ada + "/consents", "{\"purpose\": \"marketing\", "
                + "\"channel\": \"email\", \"state\": \"granted\", \"source\": \"web form\"}"));
        created(server.admin("POST", "/contacts/" + grace + "/consents", "{\"purpose\": \"marketing\", "
                + "\"channel\": \"email\", \"state\": \"withdrawn\", \"source\": \"unsubscribe link\"}"));
        created(server.admin("POST", "/users", "{\"name\": \"alex\", \"password\": \"" + AGENT_PASSWORD
                + "\", \"roles\": [\"agent\"]}"));
        created(server.admin("POST", "/keys", "{\"name\": \"shop-till\", \"scopes\": [\"loyalty:write\"]}"));
        assertEquals(202, server.admin("POST", "/loyalty/reevaluations", null).status());
        sales = ConsoleSalesData.seed(server, ada, grace);
        campaigns = ConsoleCampaignData.seed(server);
    }

    private static JsonNode created(ServerNode.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json();
    }

    @AfterClass
    public static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            ConsoleCampaignData.close();
        }
    }

    private static void open(String fragment) {
        browser.get("http://127.0.0.1:" + server.httpPort + "/console/" + fragment);
    }

    private static WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks an element once it is visible, found again if the page re-rendered it meanwhile. */
    private static void click(String css) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private static void textIn(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), screenshots.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void signIn(String name, String password) {
        WebElement user = visible("#login-name");
        user.clear();
        user.sendKeys(name);
        WebElement secret = browser.findElement(By.id("login-password"));
        secret.clear();
        secret.sendKeys(password);
        click("#login-submit");
    }

    @Test
    public void a_aWrongPasswordIsRefusedAndTheRightOneSignsIn() throws IOException {
        open("");
        signIn("admin", "not-the-password");
        textIn("#login-message", "The user name and password are not valid.");
        screenshot("login");

        signIn("admin", ServerNode.ADMIN_PASSWORD);
        textIn("#signed-in-as", "admin");
        assertEquals(List.of("Customers", "Cases", "Tasks", "Sales", "Campaigns", "Rules", "Dashboards", "Administration"),
                browser.findElements(By.cssSelector("#nav ul a")).stream().map(WebElement::getText).toList());
    }

    @Test
    public void b_anAgentFindsAContactAndReadsItsStory() throws IOException {
        open("#/customers");
        WebElement search = visible("#search-input");
        search.sendKeys("lovelace\n");
        textIn("#contacts-table", "ada@example.com");
        assertEquals("one match", 1, browser.findElements(By.cssSelector("#contacts-table tbody tr")).size());
        screenshot("customers");

        browser.findElement(By.linkText("Ada Lovelace")).click();
        textIn("#contact-name", "Ada Lovelace");
        textIn("#timeline-items", "Asked how to reach the Gold tier");
        textIn("#timeline-items", "1200 EUR");
        textIn("#loyalty-tier", "Silver");
        textIn("#tier-history", "LOY-002");
        textIn("#decision-list", "loyalty.set-tier");
        textIn("#decision-list", "of loyalty v1");
        textIn("#consents-current", "granted");
        screenshot("customer");

        // The timeline by channel.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("timeline-channel"))).selectByValue("phone");
        wait.until(d -> d.getCurrentUrl().contains("channel=phone"));
        textIn("#timeline-items", "Asked how to reach the Gold tier");
        wait.until(d -> !d.findElement(By.id("timeline-items")).getText().contains("1200 EUR"));
    }

    @Test
    public void c_anAnalystBreaksARuleSeesTheErrorFixesItDeploysAndRollsBack() throws IOException {
        open("#/rules");
        textIn("#packages-table", "loyalty");
        screenshot("rules");
        click("a.package-link[href='#/rules/loyalty']");
        textIn("#active-release", "Active: v1");
        click("#file-tabs [data-file='tiers.drl']");
        String original = editorText();
        int brokenLine = (int) original.lines().count() + 1;

        setEditorText(original + (original.endsWith("\n") ? "" : "\n") + "rule \"Broken\" when then nonsense( end\n");
        textIn("#problems", "tiers.drl:" + brokenLine);
        textIn("#check-status", "problem");
        visible(".cm-lint-marker-error");
        screenshot("rules-error");

        // Deploying it anyway is refused and v1 keeps serving.
        click("#deploy-button");
        textIn("#rules-output", "v1 keeps serving");
        assertEquals(1, server.release("loyalty").orElseThrow().get("version").asInt());

        setEditorText(original + (original.endsWith("\n") ? "" : "\n") + "// Reviewed with the loyalty team.\n");
        visible("#check-ok");
        click("#deploy-button");
        textIn("#active-release", "Active: v2");
        assertEquals(2, server.release("loyalty").orElseThrow().get("version").asInt());

        click("#diff-1");
        textIn("#diff", "// Reviewed with the loyalty team.");
        screenshot("rules-diff");

        click("#rollback-1");
        textIn("#active-release", "Active: v3");
        JsonNode active = server.release("loyalty").orElseThrow();
        assertEquals(3, active.get("version").asInt());
        JsonNode first = server.admin("GET", "/rules/loyalty/releases/1", null).json().get("release");
        assertEquals("v3 holds v1's files", first.get("hash").asText(), active.get("hash").asText());
    }

    @Test
    public void d_theDashboardsDrawTheirCharts() throws IOException {
        open("#/dashboards");
        for (String chart : List.of("#chart-tiers", "#chart-moves", "#chart-risk", "#chart-consent", "#chart-rules",
                "#chart-service")) {
            visible(chart + " canvas");
        }
        assertFalse(browser.findElement(By.cssSelector(".charts")).getText().contains("Loading"));
        theServiceDeskPanelShowsTheQueuesFigures();
        screenshot("dashboards");
    }

    /** The service desk's table, the last 30 days unless chosen, holds what {@code GET /cases/kpis} counts (the agent's day seeded cases). */
    private static void theServiceDeskPanelShowsTheQueuesFigures() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertEquals(today.minusDays(29).toString(), browser.findElement(By.id("service-from")).getAttribute("value"));
        assertEquals(today.toString(), browser.findElement(By.id("service-to")).getAttribute("value"));
        JsonNode figures = server.admin("GET", "/cases/kpis", null).json().get("items");
        long opened = 0;
        List<WebElement> rows = browser.findElements(By.cssSelector("#service-kpis tbody tr"));
        assertEquals(figures.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode queue = figures.get(i);
            opened += queue.get("opened").asLong();
            List<String> expected = List.of(queue.get("queue").asText(), queue.get("opened").asText(),
                    queue.get("open").asText(), decimals(queue.get("firstResponseMinutes"), 1, 1, " min"),
                    decimals(queue.get("resolutionMinutes"), 1, 1, " min"), decimals(queue.get("slaMetShare"), 100, 1, " %"),
                    decimals(queue.get("csat"), 1, 2, ""), queue.get("csatAnswers").asText());
            assertEquals(expected, rows.get(i).findElements(By.cssSelector("[data-figure]")).stream()
                    .map(WebElement::getText).toList());
        }
        assertTrue("the seeded cases are counted: " + figures, opened > 0);
    }

    /** A figure as the panel writes it: times {@code scale}, rounded as JavaScript's toFixed does; a dash for none. */
    private static String decimals(JsonNode value, int scale, int places, String unit) {
        if (value == null || value.isNull()) {
            return "\u2013";
        }
        return new BigDecimal(value.asDouble() * scale).setScale(places, RoundingMode.HALF_UP).toPlainString() + unit;
    }

    @Test
    public void e_administratorsSeeFeaturesPluginsPeopleAndJobs() throws IOException {
        open("#/admin");
        textIn("#features-table", "rapport-console");
        textIn("#users-table", "alex");
        textIn("#admin-plugins", "No plugins installed.");
        textIn("#keys-table", "shop-till");
        textIn("#jobs-table", "tier re-evaluation");
        textIn("#jobs-table", "done");
        screenshot("administration");

        browser.findElement(By.id("new-user-name")).sendKeys("rita");
        browser.findElement(By.id("new-user-password")).sendKeys("analyst-password-1");
        click("#new-user input[data-role='analyst']");
        click("#new-user button[type='submit']");
        textIn("#users-table", "rita");
        assertEquals("[\"analyst\"]", server.admin("GET", "/users/rita", null).json().get("roles").toString());

        browser.findElement(By.id("new-key-name")).sendKeys("newsletter tool");
        browser.findElement(By.id("new-key-scopes")).sendKeys("consents:check messages:read");
        click("#new-key button[type='submit']");
        textIn("#new-key-secret", "shown this once");
        String secret = browser.findElement(By.id("new-key-secret")).getText().replaceFirst(".*shown this once: ", "").strip();
        assertEquals("the key works at once", 200, server.call("GET", "/messages/templates", null, "X-API-Key", secret).status());
    }

    @Test
    public void ea_anAdministratorUploadsAPluginReadsWhatItDeclaresApprovesAndUninstallsIt() throws IOException {
        Path kar = Path.of(System.getProperty("rapport.itest.plugin.kar", ""));
        assertTrue("the example plugin's KAR is built before the integration tests: " + kar, Files.isRegularFile(kar));
        open("#/admin");
        visible("#plugin-file").sendKeys(kar.toAbsolutePath().toString());
        click("#plugin-upload button[type='submit']");
        textIn("#admin-plugins .upload", "Plugin referrals");
        textIn("#admin-plugins .upload", "REST paths: /api/v1/referrals");
        textIn("#admin-plugins .upload", "org.rapport.");
        textIn("#admin-plugins .upload .state", "pending");
        assertEquals("nothing of it runs before it is approved", 404, server.admin("GET", "/plugins/referrals", null).status());
        screenshot("plugin-upload");

        click("#admin-plugins [data-approve]");
        // Installing rebuilds the API application; the panel polls until the KAR is installed.
        WebDriverWait install = new WebDriverWait(browser, Duration.ofSeconds(120));
        install.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#admin-plugins"), "referrals-kar-1.0.0"));
        install.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#kars-table [data-uninstall-kar]")));
        textIn("#plugins-table", "referrals");
        assertEquals(200, server.admin("GET", "/plugins/referrals", null).status());
        screenshot("plugin-installed");

        click("#kars-table [data-uninstall-kar='referrals-kar-1.0.0']");
        install.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#admin-plugins"), "No KARs installed."));
        install.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#admin-plugins"), "No plugins installed."));
        String audit = server.admin("GET", "/audit?action=plugin.", null).body();
        for (String action : List.of("plugin.upload", "plugin.approve", "plugin.uninstall")) {
            assertTrue(action + ": " + audit, audit.contains("\"action\":\"" + action + "\""));
        }
    }

    @Test
    public void f_anAgentIsKeptOutOfTheRules() {
        open("#/customers");
        click("#sign-out");
        signIn("alex", AGENT_PASSWORD);
        textIn("#signed-in-as", "alex");
        assertEquals(List.of("Customers", "Cases", "Tasks", "Sales", "Campaigns"),
                browser.findElements(By.cssSelector("#nav ul a")).stream().map(WebElement::getText).toList());
        open("#/rules");
        textIn("#main", "This page is for people with the analyst role.");
    }

    @Test
    public void fa_anAgentMovesDealsAcrossTheBoardAndIsToldWhenTheApiRefuses() throws IOException {
        signInAs("alex", AGENT_PASSWORD);
        open("#/sales");
        visible(card(sales.engine));
        List<String> stages = new java.util.ArrayList<>();
        sales.get("/pipeline/stages").get("items").forEach(s -> stages.add(s.get("name").asText()));
        assertEquals("a column per configured stage, in order", stages, browser.findElements(By.cssSelector("#pipeline-board .stage"))
                .stream().map(c -> c.getAttribute("data-stage")).toList());
        assertColumnTotals("proposal");

        // Dragged from prospecting to qualification: the stage the API stores.
        drag(sales.engine, "qualification");
        visible(column("qualification") + " " + card(sales.engine));
        assertEquals("qualification", sales.opportunity(sales.engine).get("stage").asText());
        // With the keyboard: the stage select on the card.
        new org.openqa.selenium.support.ui.Select(visible(card(sales.compiler) + " select")).selectByValue("negotiation");
        visible(column("negotiation") + " " + card(sales.compiler));
        assertEquals(75, sales.opportunity(sales.compiler).get("probability").asInt());
        assertColumnTotals("negotiation");
        assertColumnTotals("proposal");

        // Closing it won without a reason: the API refuses, the board says so and nothing moves.
        drag(sales.engine, "won");
        visible("#close-reason-" + sales.engine);
        click(card(sales.engine) + " .close-form button[type='submit']");
        textIn("#board-message", "was not moved to won");
        textIn("#board-message", "reason");
        assertEquals("qualification", sales.opportunity(sales.engine).get("stage").asText());
        screenshot("pipeline");
        visible("#close-reason-" + sales.engine).sendKeys("Signed the order\n");
        textIn("#board-message", "Analytical engine” moved to won");
        JsonNode won = sales.opportunity(sales.engine);
        assertEquals("won", won.get("stage").asText());
        assertEquals("Signed the order", won.get("closeReason").asText());

        open("#/sales/opportunities/" + sales.engine);
        textIn("#stage-history-table", "prospecting → qualification");
        textIn("#stage-history-table", "Signed the order");
        assertEquals(3, sales.get("/opportunities/" + sales.engine + "/history").get("total").asInt());
        assertTrue(browser.findElement(By.id("stage-history-table")).getText().contains("alex"));
        screenshot("opportunity");
    }

    @Test
    public void fb_anAgentWorksLeadsAndSeesTheRulesBehindEachScore() throws IOException {
        signInAs("alex", AGENT_PASSWORD);
        open("#/sales/leads");
        JsonNode navy = sales.lead(sales.navy);
        String row = "#leads-table tr:has(a[data-lead='" + sales.navy + "'])";
        textIn(row, "partners");
        String shown = browser.findElement(By.cssSelector(row)).getText();
        for (String field : List.of("score", "grade", "queue")) {
            assertTrue(field + " in " + shown, shown.contains(navy.get(field).asText()));
        }
        // The rules that gave the score, as the ledger recorded them.
        for (JsonNode d : sales.get("/leads/" + sales.navy + "/decisions").get("items")) {
            String code = d.get("rule").asText().replaceFirst(" .*", "");
            textIn(row + " .scored-by", d.get("type").asText().equals("sales.score")
                    ? code + " +" + d.get("attributes").get("points").asText() : code);
        }

        screenshot("leads");

        // Qualifying without a reason is refused; disqualifying with one is stored.
        String student = ".lead-actions[data-lead='" + sales.student + "']";
        click(student + " [data-action='qualify']");
        click("#qualify-" + sales.student + " button[type='submit']");
        textIn("#qualify-" + sales.student + "-feedback", "reason");
        assertEquals("OPEN", sales.lead(sales.student).get("status").asText().toUpperCase());
        click("#qualify-" + sales.student + " button[type='button']");
        click(student + " [data-action='disqualify']");
        visible("#disqualify-" + sales.student + "-reason").sendKeys("A student, no budget\n");
        textIn("#leads-message", "disqualified");
        JsonNode disqualified = sales.lead(sales.student);
        assertEquals("DISQUALIFIED", disqualified.get("status").asText().toUpperCase());
        assertEquals("A student, no budget", disqualified.get("reason").asText());

        // Converted: a contact, and an opportunity in the first stage, opened from the message.
        click(".lead-actions[data-lead='" + sales.navy + "'] [data-action='convert']");
        visible("#convert-" + sales.navy + "-amount").sendKeys("5000");
        browser.findElement(By.id("convert-" + sales.navy + "-currency")).sendKeys("EUR\n");
        click("#converted-opportunity");
        JsonNode converted = sales.lead(sales.navy);
        assertEquals("CONVERTED", converted.get("status").asText().toUpperCase());
        JsonNode opened = sales.opportunity(converted.get("opportunityId").asLong());
        assertEquals(0, new java.math.BigDecimal("5000").compareTo(opened.get("amount").decimalValue()));
        textIn("#opportunity-name", opened.get("name").asText());
        textIn("#stage-history-table", "opened in prospecting");
        // The lead's page: the decisions behind its score, with the facts they were made on.
        open("#/sales/leads/" + sales.navy);
        textIn("#lead-profile", "converted");
        textIn("#lead-decision-list", "SCORE-010 A referral earns 25 points");
    }

    @Test
    public void fc_anAnalystReadsTheForecastAndTheBoardButMovesNothing() throws IOException {
        signInAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
        YearMonth from = YearMonth.now(ZoneOffset.UTC);
        Map<String, List<java.math.BigDecimal>> expected = sales.forecast(from, from.plusMonths(5));
        open("#/sales/forecast");
        visible("#forecast-chart canvas");
        assertEquals("the forecast's figures are the stored opportunities'", expected, ConsoleSalesData.shown(
                browser.findElements(By.cssSelector("#forecast-table tbody tr")),
                tr -> tr.getAttribute("data-month") + " " + tr.getAttribute("data-owner") + " " + tr.getAttribute("data-currency")));
        screenshot("forecast");
        // The chart draws the weighted figures of the first currency (EUR), month by month.
        List<Number> drawn = ConsoleSalesData.drawnWeighted(browser);
        for (int i = 0; i < 6; i++) {
            String month = from.plusMonths(i).toString();
            assertEquals(month, ConsoleSalesData.weighted(expected, month, "EUR"), drawn.get(i).doubleValue(), 0.001);
        }

        open("#/sales");
        visible("#board-read-only");
        visible(card(sales.training));
        assertEquals("no stage to choose", 0, browser.findElements(By.cssSelector("#pipeline-board select")).size());
        assertEquals("nothing to drag", 0, browser.findElements(By.cssSelector("#pipeline-board [draggable='true']")).size());
        open("#/sales/leads");
        visible("#leads-table");
        assertEquals("no actions on leads", 0, browser.findElements(By.cssSelector(".lead-actions")).size());
    }

    @Test
    public void fd_anAgentsDayFindsOrCreatesAContactAndEditsIt() throws IOException {
        agentDay().findsOrCreatesAContactAndEditsIt();
    }

    @Test
    public void fe_anAgentsDayLogsACallRecordsConsentBooksRedeemsAndAcceptsAnOffer() throws IOException {
        agentDay().logsACallRecordsConsentBooksRedeemsAndAcceptsAnOffer();
    }

    @Test
    public void fea_anAgentsDayOpensACaseInAQueuePickedAmongThoseConfigured() throws IOException {
        agentDay().opensACaseInAQueuePicked();
    }

    @Test
    public void ff_anAgentsDayWorksACase() throws IOException, InterruptedException {
        agentDay().worksACase();
    }

    @Test
    public void fg_anAgentsDayWorksARetentionTask() throws IOException {
        agentDay().worksARetentionTask();
    }

    @Test
    public void fh_anAgentsDayMergesTwoRecordsWithThePreviewAndUndoes() throws IOException {
        agentDay().mergesTwoRecordsWithThePreviewAndUndoes();
    }

    @Test
    public void fi_anAnalystReadsCasesAndTasksWithoutControls() {
        agentDayAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD).anAnalystReadsCasesAndTasksWithoutControls();
    }

    /** The agent's day ({@link ConsoleAgentDay}), signed in as the agent. */
    private static ConsoleAgentDay agentDay() {
        return agentDayAs("alex", AGENT_PASSWORD);
    }

    private static ConsoleAgentDay agentDayAs(String name, String password) {
        signInAs(name, password);
        return new ConsoleAgentDay(browser, wait, "http://127.0.0.1:" + server.httpPort + "/console/", day, ConsoleIT::screenshot);
    }

    @Test
    public void fm_anAnalystComposesACampaignEachRefusalAtItsFieldAndThePreviewIsWhatRestSays() throws IOException {
        signInAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
        open("#/campaigns");
        click("#new-campaign");
        WebElement name = visible("#compose-name");
        name.sendKeys("Spring Console!");
        WebElement rate = browser.findElement(By.id("compose-rate"));
        rate.clear();
        rate.sendKeys("0");
        click("#compose-save");
        wait.until(d -> !d.findElement(By.id("compose-error-name")).getText().isEmpty());
        assertFalse(visible("#compose-error-segment").getText().isEmpty());
        assertFalse(visible("#compose-error-ratePerMinute").getText().isEmpty());
        assertFalse("the variant without a template", visible("#compose-variants .variant-template-error").getText().isEmpty());
        assertEquals("the first field at fault has the keyboard", "compose-name", browser.switchTo().activeElement().getAttribute("id"));
        assertEquals("nothing stored", 0, campaigns.analyst("GET", "/campaigns", null).json().get("total").asInt());

        name.clear();
        name.sendKeys(CAMPAIGN);
        WebElement condition = browser.findElement(By.id("compose-condition"));
        condition.sendKeys("spent>=lots");
        browser.findElement(By.id("compose-save")).click();
        wait.until(d -> !d.findElement(By.id("compose-error-condition")).getText().isEmpty());
        textIn("#compose-error-condition", "spent>=lots");
        assertEquals("a one-off condition's refusal at its field", "compose-condition",
                browser.switchTo().activeElement().getAttribute("id"));
        assertEquals("nothing stored", 0, campaigns.analyst("GET", "/campaigns", null).json().get("total").asInt());
        condition.clear();
        new Select(browser.findElement(By.id("compose-segment"))).selectByValue(ConsoleCampaignData.SEGMENT);
        new Select(browser.findElement(By.cssSelector("#compose-variants li:nth-child(1) .variant-template")))
                .selectByValue(ConsoleCampaignData.TEMPLATE_A);
        textIn("#compose-variants li:nth-child(1) .variant-languages", "fr: “Le printemps est là");
        // The second variant with the keyboard: the button, then type into the template and the share.
        WebElement add = browser.findElement(By.id("compose-add-variant"));
        add.sendKeys(Keys.ENTER);
        browser.switchTo().activeElement().sendKeys(ConsoleCampaignData.TEMPLATE_B);
        new Select(browser.findElement(By.cssSelector("#compose-variants li:nth-child(2) .variant-template")))
                .selectByValue(ConsoleCampaignData.TEMPLATE_B);
        textIn("#compose-variants li:nth-child(2) .variant-percent", "50% of the audience");
        rate.clear();
        rate.sendKeys("120");
        click("#compose-save");
        textIn("#compose-feedback", "Draft " + CAMPAIGN + " saved.");
        WebElement preview = visible("#preview-reachable");
        JsonNode stored = campaigns.analyst("GET", "/campaigns", null).json().get("items").get(0);
        assertEquals(CAMPAIGN, stored.get("name").asText());
        assertEquals(120, stored.get("ratePerMinute").asInt());
        assertEquals(2, stored.get("variants").size());
        campaignId = stored.get("id").asLong();

        JsonNode rest = campaigns.analyst("GET", "/campaigns/" + campaignId + "/preview", null).json();
        assertEquals(5, rest.get("audience").asInt());
        assertEquals(2, rest.get("reachable").asInt());
        assertEquals(rest.get("reachable").asText(), preview.getText());
        assertEquals(rest.get("audience").asText(), browser.findElement(By.id("preview-audience")).getText());
        Map<String, String> shown = new java.util.TreeMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#preview-reasons tbody tr"))) {
            shown.put(row.getAttribute("data-reason"), row.findElements(By.tagName("td")).get(1).getText());
        }
        Map<String, String> held = new java.util.TreeMap<>();
        rest.get("heldBack").fields().forEachRemaining(e -> held.put(e.getKey(), e.getValue().asText()));
        assertEquals("held back by reason as REST says", held, shown);
        assertEquals(3, held.size());
        assertTrue(held.toString(), held.containsKey("not to customers with an open complaint"));
        screenshot("campaign-compose");
    }

    @Test
    public void fn_aTestGoesToTheAnalystsOwnAddressAndCountsNowhere() {
        signInAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
        open("#/campaigns/" + campaignId + "/compose");
        new Select(visible("#test-variant")).selectByValue(ConsoleCampaignData.TEMPLATE_B);
        click("#test-send");
        textIn("#test-outcome", "queued as message");
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("test-outcome"), ": sent."));
        List<SmtpSink.Received> mails = ConsoleCampaignData.smtp().received().stream()
                .filter(m -> m.to().contains("<" + ConsoleCampaignData.OWN_ADDRESS + ">")).toList();
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).data(), mails.get(0).data().contains("Twenty percent off this spring, Sam"));
        assertTrue(mails.get(0).data(), mails.get(0).data().contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        JsonNode total = campaigns.analyst("GET", "/campaigns/" + campaignId + "/figures", null).json().get("total");
        assertEquals("a test is no recipient", 0, total.get("targeted").asInt());
        assertEquals(0, total.get("sent").asInt());
    }

    @Test
    public void fo_theAnalystLaunchesAndFollowsTheFiguresToTheEndAsRestCountsThem() throws IOException {
        signInAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
        open("#/campaigns/" + campaignId + "/compose");
        click("#compose-launch-button");
        wait.until(ExpectedConditions.urlToBe("http://127.0.0.1:" + server.httpPort + "/console/#/campaigns/" + campaignId));
        visible("#campaign-chart canvas");
        // The page draws the figures again every few seconds while it follows the campaign.
        new WebDriverWait(browser, Duration.ofSeconds(150)).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> total = d.findElements(By.cssSelector("#figures-table tbody tr[data-variant='']"));
            return "done".equals(d.findElement(By.cssSelector("#campaign-name .state")).getAttribute("data-status"))
                    && !total.isEmpty() && "0".equals(total.get(0).getAttribute("data-pending"))
                    && "2".equals(total.get(0).getAttribute("data-sent"));
        });
        JsonNode figures = campaigns.analyst("GET", "/campaigns/" + campaignId + "/figures", null).json();
        List<WebElement> rows = browser.findElements(By.cssSelector("#figures-table tbody tr"));
        assertEquals(1 + figures.get("variants").size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode line = i == 0 ? figures.get("total") : figures.get("variants").get(i - 1);
            WebElement row = rows.get(i);
            assertEquals(line.path("variant").asText(""), row.getAttribute("data-variant"));
            for (String key : List.of("targeted", "pending", "sent", "bounced", "failed", "opened", "clicked",
                    "unsubscribed", "converted")) {
                assertEquals(key + " of " + row.getAttribute("data-variant"), line.get(key).asText(), row.getAttribute("data-" + key));
            }
            assertEquals(0, line.get("revenue").decimalValue().compareTo(new java.math.BigDecimal(row.getAttribute("data-revenue"))));
            int held = 0;
            for (JsonNode n : line.get("heldBack")) {
                held += n.asInt();
            }
            assertEquals(String.valueOf(held), row.getAttribute("data-held-back"));
        }
        assertEquals(5, figures.get("total").get("targeted").asInt());
        assertEquals(3, figures.get("total").get("heldBack").size());
        // The chart draws each variant's figures: targeted first, sent fourth.
        @SuppressWarnings("unchecked")
        List<List<Number>> drawn = (List<List<Number>>) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelector('#campaign-chart canvas').chart.data.datasets.map(d => d.data);");
        for (int v = 0; v < figures.get("variants").size(); v++) {
            JsonNode line = figures.get("variants").get(v);
            assertEquals(line.get("targeted").asInt(), drawn.get(v).get(0).intValue());
            assertEquals(line.get("sent").asInt(), drawn.get(v).get(3).intValue());
        }
        List<String> reached = ConsoleCampaignData.smtp().received().stream().flatMap(m -> m.to().stream())
                .filter(to -> !to.equals("<" + ConsoleCampaignData.OWN_ADDRESS + ">")).sorted().toList();
        assertEquals("only the consented customers got the mail",
                ConsoleCampaignData.CONSENTED.stream().map(a -> "<" + a + ">").toList(), reached);
        assertEquals("no move but the API's", 0, browser.findElements(By.cssSelector("#campaign-controls button")).size());
        screenshot("campaign");

        open("#/campaigns");
        WebElement row = visible("#campaigns-table tbody tr[data-campaign='" + campaignId + "']");
        assertTrue(row.getText(), row.getText().contains("done"));
    }

    @Test
    public void fp_anAgentFollowsCampaignsButHasNoMoveAndTheApiRefusesOne() {
        long draft = campaigns.draft("summer-console");
        signInAs("alex", AGENT_PASSWORD);
        open("#/campaigns");
        visible("#campaigns-table tbody tr[data-campaign='" + draft + "']");
        assertEquals("nothing to compose", 0, browser.findElements(By.id("new-campaign")).size());
        open("#/campaigns/" + draft);
        textIn("#campaign-name", "summer-console");
        textIn("#campaign-name", "draft");
        assertEquals("no launch control", 0, browser.findElements(By.cssSelector("#campaign-controls button, #campaign-compose")).size());
        ServerNode.Reply refused = server.call("POST", "/campaigns/" + draft + "/launch", null, "Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString(("alex:" + AGENT_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(refused.body(), 403, refused.status());
        open("#/campaigns/" + draft + "/compose");
        textIn("main .message.error", "analyst");

        // The analyst may: a launch the API refuses (a cancelled campaign) is shown with its reason.
        signInAs(ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
        open("#/campaigns/" + draft);
        visible("#campaign-launch");
        assertEquals(200, campaigns.analyst("POST", "/campaigns/" + draft + "/cancel", null).status());
        click("#campaign-launch");
        textIn("#campaign-controls .message.error", "Launch refused");
        textIn("#campaign-name", "cancelled");
    }

    /** A message posted to the signed SMS webhook from {@code from}, as a gateway delivers it: its inbound id. */
    private static long smsFrom(String from, String text) throws Exception {
        String body = "{\"id\": \"console-" + java.util.UUID.randomUUID() + "\", \"from\": \"" + from
                + "\", \"text\": \"" + text + "\"}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        ServerNode.Reply taken = server.call("POST", "/inbound/sms", body,
                "X-Rapport-Timestamp", timestamp, "X-Rapport-Signature", InboundIT.sign(timestamp, body));
        assertEquals(taken.body(), 202, taken.status());
        return taken.json().get("id").asLong();
    }

    @Test
    public void fq_anAgentOpensACaseFromAMessageOfAnUnknownSenderInOneStep() throws Exception {
        String sender = "lin-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        long fromAddress = smsFrom(sender, "My parcel came damaged, what now?");
        long fromPhone = smsFrom("+1 555 0199", "Call me back please");
        signInAs("alex", AGENT_PASSWORD);
        open("#/cases");
        visible("#inbound-table tr button[data-inbound='" + fromAddress + "']");

        // A phone number is no address to make a contact of: the refusal names the field, nothing is opened.
        click("#inbound-open-" + fromPhone);
        textIn("#inbound-message", "contactId");

        click("#inbound-open-" + fromAddress);
        textIn("#case-thread", "My parcel came damaged, what now?");
        String url = browser.getCurrentUrl();
        long caseId = Long.parseLong(url.substring(url.lastIndexOf('/') + 1));
        // Asked again (over REST), the message answers the case the button opened, for the contact it created.
        ServerNode.Reply again = server.admin("POST", "/cases/from-inbound/" + fromAddress, "{}");
        assertEquals(again.body(), 200, again.status());
        assertEquals(caseId, again.json().get("details").get("id").asLong());
        long contact = again.json().get("details").get("contactId").asLong();
        assertEquals(sender, server.admin("GET", "/contacts/" + contact, null).json().get("email").asText());
        assertEquals(400, server.admin("POST", "/cases/from-inbound/" + fromPhone, "{}").status());
    }

    /**
     * Last, as it restarts the server: from the moment its HTTP port answers, whenever readiness
     * says ready, every capability's paths and shell commands are served (here, beside the
     * console's tests, so that it costs one restart rather than a distribution of its own).
     */
    @Test
    public void g_afterARestartReadyMeansEverythingIsServed() throws Exception {
        RestartWatch.Watched watched = RestartWatch.restart(server, Duration.ofMinutes(4));

        assertEquals("what a ready node did not serve", List.of(), watched.broken());
        assertTrue("the port answered before the node was ready, and that was watched", watched.notReadyAnswers() > 0);
    }

    /** Signs in as {@code name} unless already signed in so, from whatever page the browser shows. */
    private static void signInAs(String name, String password) {
        open("#/customers");
        List<WebElement> who = browser.findElements(By.id("signed-in-as"));
        if (!who.isEmpty() && who.get(0).getText().equals(name)) {
            return;
        }
        if (!who.isEmpty()) {
            click("#sign-out");
        }
        signIn(name, password);
        textIn("#signed-in-as", name);
    }

    private static String card(long opportunity) {
        return ".deal[data-id='" + opportunity + "']";
    }

    private static String column(String stage) {
        return "#pipeline-board .stage[data-stage='" + stage + "']";
    }

    private static void drag(long opportunity, String stage) {
        ConsoleSalesData.drag(browser, visible(card(opportunity)), visible(column(stage)));
    }

    /** A column's totals by currency are what the stored open opportunities of its stage add up to. */
    private static void assertColumnTotals(String stage) {
        assertEquals(stage, sales.stageTotals(stage), ConsoleSalesData.shown(
                browser.findElements(By.cssSelector(column(stage) + " .totals li[data-currency]")), li -> li.getAttribute("data-currency")));
    }

    private static String editorText() {
        visible("#editor .cm-content");
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('editor').editor.state.doc.toString();");
    }

    /** Replaces the text in the editor as typing would: the editor sees a change and checks it. */
    private static void setEditorText(String text) {
        ((JavascriptExecutor) browser).executeScript("const view = document.getElementById('editor').editor;"
                + "view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: arguments[0]}});", text);
    }
}
