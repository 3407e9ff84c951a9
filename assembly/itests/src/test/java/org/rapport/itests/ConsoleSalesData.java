package org.rapport.itests;

import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The sales data {@link ConsoleIT}'s browser tests work on, seeded over REST in one go; the
 * figures the console must show, added up here from what REST says is stored (never from what
 * the console computed); and how the tests read and drag what the console shows.
 */
final class ConsoleSalesData {

    static final String ANALYST = "sam";
    static final String ANALYST_PASSWORD = "analyst-password-12";

    private final ServerNode server;
    /** Opportunities: 12,000 EUR in prospecting, 2,500.50 EUR in proposal, 4,000 USD in proposal, 8,000 EUR in negotiation. */
    final long engine;
    final long compiler;
    final long notes;
    final long training;
    /** Leads: a referral from a business address with a budget (scored high), and a web form from a free mail address. */
    final long navy;
    final long student;

    private ConsoleSalesData(ServerNode server, long ada, long grace) {
        this.server = server;
        ok(server.admin("POST", "/users", "{\"name\": \"" + ANALYST + "\", \"password\": \"" + ANALYST_PASSWORD
                + "\", \"roles\": [\"analyst\"]}"));
        YearMonth next = YearMonth.now(ZoneOffset.UTC).plusMonths(1);
        engine = opportunity("Analytical engine", ada, "12000", "EUR", "prospecting", next.atDay(10), "alex");
        compiler = opportunity("Compiler support", grace, "2500.50", "EUR", "proposal", next.atDay(20), "alex");
        notes = opportunity("Notes translation", ada, "4000", "USD", "proposal", next.plusMonths(1).atDay(5), "alex");
        training = opportunity("COBOL training", grace, "8000", "EUR", "negotiation", next.plusMonths(1).atDay(15), "admin");
        navy = ok(server.admin("POST", "/leads", "{\"name\": \"Grace Brewster Murray\", \"email\": \"murray@navy.example\", "
                + "\"company\": \"US Navy\", \"source\": \"referral\", \"answers\": {\"budget\": \"over-10k\"}}")).get("id").asLong();
        student = ok(server.admin("POST", "/leads", "{\"name\": \"Linus Student\", \"email\": \"linus@gmail.com\", "
                + "\"source\": \"web-form\"}")).get("id").asLong();
    }

    static ConsoleSalesData seed(ServerNode server, long ada, long grace) {
        return new ConsoleSalesData(server, ada, grace);
    }

    private long opportunity(String name, long contact, String amount, String currency, String stage, LocalDate close,
            String owner) {
        return ok(server.admin("POST", "/opportunities", "{\"name\": \"" + name + "\", \"contactId\": " + contact
                + ", \"amount\": " + amount + ", \"currency\": \"" + currency + "\", \"stage\": \"" + stage
                + "\", \"expectedClose\": \"" + close + "\", \"owner\": \"" + owner + "\"}")).get("id").asLong();
    }

    private static JsonNode ok(ServerNode.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json();
    }

    JsonNode opportunity(long id) {
        return ok(server.admin("GET", "/opportunities/" + id, null));
    }

    JsonNode lead(long id) {
        return ok(server.admin("GET", "/leads/" + id, null));
    }

    JsonNode get(String path) {
        return ok(server.admin("GET", path, null));
    }

    /** Every stored opportunity, page by page. */
    List<JsonNode> opportunities() {
        List<JsonNode> all = new ArrayList<>();
        for (;;) {
            JsonNode page = get("/opportunities?limit=500&offset=" + all.size());
            page.get("items").forEach(all::add);
            if (page.get("items").isEmpty() || all.size() >= page.get("total").asInt()) {
                return all;
            }
        }
    }

    /** The open opportunities of a stage by currency: {amount, weighted}, as the board's column must total them. */
    Map<String, List<BigDecimal>> stageTotals(String stage) {
        return sums(opportunities().stream().filter(o -> o.get("stage").asText().equals(stage)).toList(),
                o -> o.get("currency").asText());
    }

    /**
     * The open opportunities closing from {@code from} to {@code to}, by "month owner currency":
     * {amount, weighted}, as the forecast must show them.
     */
    Map<String, List<BigDecimal>> forecast(YearMonth from, YearMonth to) {
        return sums(opportunities().stream().filter(o -> o.get("closedAt").isNull()).filter(o -> {
            YearMonth month = YearMonth.from(LocalDate.parse(o.get("expectedClose").asText()));
            return !month.isBefore(from) && !month.isAfter(to);
        }).toList(), o -> YearMonth.from(LocalDate.parse(o.get("expectedClose").asText())) + " " + o.get("owner").asText()
                + " " + o.get("currency").asText());
    }

    /** Amounts added up and weighted by probability (percent), each rounded half up to two decimals. */
    private static Map<String, List<BigDecimal>> sums(List<JsonNode> opportunities, Function<JsonNode, String> key) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (JsonNode o : opportunities) {
            BigDecimal[] sum = sums.computeIfAbsent(key.apply(o), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            BigDecimal amount = o.get("amount").decimalValue();
            sum[0] = sum[0].add(amount);
            sum[1] = sum[1].add(amount.multiply(BigDecimal.valueOf(o.get("probability").asInt())));
        }
        Map<String, List<BigDecimal>> result = new TreeMap<>();
        sums.forEach((k, s) -> result.put(k, List.of(s[0].setScale(2, RoundingMode.HALF_UP),
                s[1].divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP))));
        return result;
    }

    /** The figures the console shows in {@code elements}' data attributes ({@code amount}, {@code weighted}), by key. */
    static Map<String, List<BigDecimal>> shown(List<WebElement> elements, Function<WebElement, String> key) {
        Map<String, List<BigDecimal>> shown = new TreeMap<>();
        for (WebElement e : elements) {
            shown.put(key.apply(e), List.of(decimal(e.getAttribute("data-amount")), decimal(e.getAttribute("data-weighted"))));
        }
        return shown;
    }

    /** A decimal as written, at two decimals, so that 6000 and 6000.00 compare equal. */
    private static BigDecimal decimal(String text) {
        return new BigDecimal(text).setScale(2, RoundingMode.UNNECESSARY);
    }

    /** The weighted amount of a month in a currency, of every owner, in figures from {@link #forecast}. */
    static double weighted(Map<String, List<BigDecimal>> forecast, String month, String currency) {
        return forecast.entrySet().stream().filter(e -> e.getKey().startsWith(month + " ") && e.getKey().endsWith(" " + currency))
                .mapToDouble(e -> e.getValue().get(1).doubleValue()).sum();
    }

    /** What the forecast's chart draws: the weighted amounts of every owner, month by month. */
    @SuppressWarnings("unchecked")
    static List<Number> drawnWeighted(WebDriver browser) {
        return (List<Number>) ((JavascriptExecutor) browser).executeScript("const c = document.querySelector("
                + "'#forecast-chart canvas').chart; return c.data.labels.map((m, i) => c.data.datasets"
                + ".filter(d => d.stack === 'weighted').reduce((a, d) => a + d.data[i], 0));");
    }

    /**
     * Drags a card onto a stage's column with the HTML5 drag-and-drop events a browser fires
     * (ChromeDriver's pointer actions do not start an HTML5 drag), carrying the data a drag carries.
     */
    static void drag(WebDriver browser, WebElement card, WebElement column) {
        ((JavascriptExecutor) browser).executeScript("const [card, column] = arguments; const data = new DataTransfer();"
                + "const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));"
                + "fire(card, 'dragstart'); fire(column, 'dragenter'); fire(column, 'dragover'); fire(column, 'drop'); fire(card, 'dragend');",
                card, column);
    }
}
