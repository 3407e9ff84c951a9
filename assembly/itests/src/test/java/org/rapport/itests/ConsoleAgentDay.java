package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An agent's day in the console, step by step, for {@link ConsoleIT}: what the agent does in the
 * browser, mostly from the keyboard, and each effect checked through REST ({@link ConsoleAgentData}),
 * not only on the page.
 */
final class ConsoleAgentDay {

    /** Saves the browser's view as a screenshot of that name. */
    interface Screenshots {
        void save(String name) throws IOException;
    }

    private final WebDriver browser;
    private final WebDriverWait wait;
    private final String console;
    private final ConsoleAgentData day;
    private final Screenshots screenshots;
    private static long alan;

    ConsoleAgentDay(WebDriver browser, WebDriverWait wait, String console, ConsoleAgentData day, Screenshots screenshots) {
        this.browser = browser;
        this.wait = wait;
        this.console = console;
        this.day = day;
        this.screenshots = screenshots;
    }

    private void open(String fragment) {
        browser.get(console + fragment);
    }

    private WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks an element once it is visible, found again if the page re-rendered it meanwhile. */
    private void click(String css) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            if (!element.isDisplayed() || !element.isEnabled()) {
                return false;
            }
            element.click();
            return true;
        });
    }

    private void textIn(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private void type(String css, String text) {
        WebElement field = visible(css);
        field.clear();
        field.sendKeys(text);
    }

    /** Chooses an option once the select has its options (a select still filled from the API is {@code aria-busy}). */
    private void choose(String css, String value) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement select = d.findElement(By.cssSelector(css));
            if (!select.isDisplayed() || select.getAttribute("aria-busy") != null) {
                return false;
            }
            new Select(select).selectByValue(value);
            return value.equals(new Select(select).getFirstSelectedOption().getAttribute("value"));
        });
    }

    /** The customer isn't there: a bad address is refused beside its field, then the contact is created and edited. */
    void findsOrCreatesAContactAndEditsIt() throws IOException {
        open("#/customers");
        visible("#search-input").sendKeys("turing\n");
        textIn("#search-results", "No customer matches");
        // The shortcut n opens the form for a new customer, its first field focused.
        ((JavascriptExecutor) browser).executeScript("document.activeElement.blur();");
        new Actions(browser).sendKeys("n").perform();
        WebElement email = visible("#new-contact-email");
        assertEquals(email, browser.switchTo().activeElement());
        email.sendKeys("alan@");
        type("#new-contact-firstName", "Alan");
        type("#new-contact-lastName", "Turing\n");
        textIn("#new-contact-feedback", "email");
        visible("#new-contact .field-error[data-field='email']");
        assertEquals("nothing stored", 0, day.get("/contacts?q=turing").get("total").asInt());

        type("#new-contact-email", "alan@example.com\n");
        textIn("#contact-name", "Alan Turing");
        alan = day.contactByEmail("alan@example.com");
        assertTrue(browser.getCurrentUrl().endsWith("#/customers/" + alan));

        click("#action-edit");
        type("#edit-contact-phone", "+44 20 7946 0003");
        type("#edit-contact-country", "GB");
        type("#edit-contact-locality", "Bletchley\n");
        textIn("#customer-message", "Details saved.");
        textIn("#profile", "Bletchley");
        JsonNode stored = day.contact(alan);
        assertEquals("stored as digits", "+442079460003", stored.get("phone").asText());
        assertEquals("GB", stored.get("address").get("country").asText());
        assertEquals("Turing", stored.get("lastName").asText());
    }

    /** On the customer's page: a call, consent recorded, a purchase (refused first), a reward, an offer accepted. */
    void logsACallRecordsConsentBooksRedeemsAndAcceptsAnOffer() throws IOException {
        open("#/customers/" + alan);
        textIn("#contact-name", "Alan Turing");
        click("#action-interaction");
        type("#log-interaction-summary", "Asked about the espresso machine\n");
        textIn("#timeline-items", "Asked about the espresso machine");
        JsonNode call = day.get("/contacts/" + alan + "/timeline").get("items").get(0);
        assertEquals("call", call.get("type").asText());
        assertEquals("PHONE", call.get("channel").asText().toUpperCase());
        assertEquals("alex", call.get("source").asText());

        click("#action-consent");
        wait.until(d -> d.findElements(By.cssSelector("#record-consent-purpose option[value='marketing']")).size() == 1);
        choose("#record-consent-purpose", "marketing");
        choose("#record-consent-channel", "email");
        type("#record-consent-source", "phone call\n");
        textIn("#consents-current", "granted");
        JsonNode granted = day.consent(alan, "marketing", "email");
        assertNotNull("the consent is stored", granted);
        assertEquals("GRANTED", granted.get("state").asText().toUpperCase());
        assertEquals("alex", granted.get("actor").asText());
        // Withdrawn again from its row, then granted once more, each a record of its own.
        click("#consents-current [data-withdraw='marketing:email']");
        textIn("#customer-message", "Consent to marketing withdrawn.");
        assertEquals("WITHDRAWN", day.consent(alan, "marketing", "email").get("state").asText().toUpperCase());
        click("#action-consent");
        wait.until(d -> d.findElements(By.cssSelector("#record-consent-purpose option[value='marketing']")).size() == 1);
        choose("#record-consent-purpose", "marketing");
        choose("#record-consent-channel", "email");
        type("#record-consent-source", "phone call, asked again\n");
        wait.until(d -> "GRANTED".equalsIgnoreCase(day.consent(alan, "marketing", "email").get("state").asText()));

        // A purchase line of no quantity: the API names the line's field, shown beside it, and books nothing.
        click("#action-purchase");
        type("#book-purchase-eventId", "ORDER-T1");
        type("#book-purchase-amount", "240");
        type("#book-purchase-currency", "EUR");
        type("#book-purchase-channel", "store");
        type("#book-purchase-sku", "BEANS-1");
        type("#book-purchase-category", "coffee");
        type("#book-purchase-quantity", "0");
        type("#book-purchase-unitPrice", "120\n");
        textIn("#book-purchase-feedback", "lines[0].quantity");
        visible("#book-purchase .field-error[data-field='lines[0].quantity']");
        assertEquals("nothing booked", 404, day.memberStatus(alan));
        type("#book-purchase-quantity", "2\n");
        textIn("#customer-message", "Purchase ORDER-T1 booked");
        long balance = day.get("/loyalty/members/" + alan).get("balance").asLong();
        assertTrue("points earned: " + balance, balance >= 100);
        textIn("#loyalty-balance", String.valueOf(balance));

        click("#action-redeem");
        wait.until(d -> d.findElements(By.cssSelector("#redeem-reward-reward option[value='" + ConsoleAgentData.REWARD + "']")).size() == 1);
        choose("#redeem-reward-reward", ConsoleAgentData.REWARD);
        visible("#redeem-reward button[type='submit']").sendKeys(Keys.ENTER);
        textIn("#customer-message", "redeemed");
        assertEquals(balance - 100, day.get("/loyalty/members/" + alan).get("balance").asLong());

        String offer = "#offer-list [data-accept='" + ConsoleAgentData.OFFER + "']";
        visible(offer);
        screenshots.save("agent-customer");
        click(offer);
        textIn("#customer-message", "Offer " + ConsoleAgentData.OFFER + " accepted.");
        assertFalse("an accepted offer is not offered again",
                day.get("/contacts/" + alan + "/offers").toString().contains(ConsoleAgentData.OFFER));
        assertEquals("offer-accepted", day.get("/contacts/" + alan + "/timeline").get("items").get(0).get("type").asText());
        wait.until(d -> d.findElements(By.cssSelector(offer)).isEmpty());
    }

    /**
     * On the customer's page, from the keyboard: a case opened in a queue picked among the
     * configured queues the agent sees (not the analysts' queue, not one no longer configured),
     * the first offered first; the case is in the queue picked.
     */
    void opensACaseInAQueuePicked() throws IOException {
        open("#/customers/" + alan);
        textIn("#contact-name", "Alan Turing");
        visible("#action-case");
        ((JavascriptExecutor) browser).executeScript("document.activeElement.blur();");
        new Actions(browser).sendKeys("o").perform();
        WebElement subject = visible("#open-case-subject");
        assertEquals("the form opens on its first field", subject, browser.switchTo().activeElement());
        subject.sendKeys("Parcel to Bletchley");
        type("#open-case-message", "The parcel has not come.");
        WebElement queue = wait.until(d -> {
            WebElement select = d.findElement(By.cssSelector("#open-case-queue"));
            return select.getAttribute("aria-busy") == null ? select : null;
        });
        Select picker = new Select(queue);
        assertEquals("the configured queues the agent sees, in their order",
                List.of("support", "billing", "technical"), picker.getOptions().stream().map(o -> o.getAttribute("value")).toList());
        assertEquals("the first is chosen", "support", picker.getFirstSelectedOption().getAttribute("value"));
        choose("#open-case-queue", "technical");
        visible("#open-case button[type='submit']").sendKeys(Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().matches(".*#/cases/\\d+$"));
        String url = browser.getCurrentUrl();
        JsonNode opened = day.serviceCase(Long.parseLong(url.substring(url.lastIndexOf('/') + 1)));
        assertEquals("technical", opened.get("queue").asText());
        assertEquals(alan, opened.get("contactId").asLong());
        assertEquals("Parcel to Bletchley", opened.get("subject").asText());
    }

    /**
     * The case's decisions as the ledger holds them ({@code GET /cases/{id}/decisions}): each
     * target with its rule, release and time, and each warning the SLA check raised, with the rule
     * and release of the target it warns of; the facts behind a target opened from the keyboard.
     */
    private void readsTheDecisions(long id, List<JsonNode> raised) {
        JsonNode decisions = day.get("/cases/" + id + "/decisions").get("items");
        assertEquals("both targets were decided: " + decisions, 2, decisions.size());
        for (JsonNode d : decisions) {
            String target = "#case-decision-table tr[data-target='" + d.get("type").asText().substring("service.".length()) + "']";
            String release = d.get("rulePackage").asText() + " v" + d.get("release").asLong();
            textIn(target + "[data-decision='target']", d.get("rule").asText());
            textIn(target + "[data-decision='target'] td.release", release);
            textIn(target + "[data-decision='warning']", d.get("rule").asText());
            textIn(target + "[data-decision='warning'] td.release", release);
        }
        assertEquals("a row per decision and per escalation", decisions.size() + raised.size(),
                browser.findElements(By.cssSelector("#case-decision-table tbody tr")).size());
        for (JsonNode e : raised) {
            assertEquals(1, browser.findElements(By.cssSelector("#case-decision-table tr[data-entry='" + e.get("id").asLong() + "']")).size());
        }
        JsonNode first = decisions.findParents("type").stream()
                .filter(d -> d.get("type").asText().equals("service.first-response")).findFirst().orElseThrow();
        WebElement facts = visible("#case-decision-table tr[data-decision='target'][data-target='first-response'] summary");
        facts.sendKeys(Keys.ENTER);
        wait.until(d -> facts.findElement(By.xpath("..")).getAttribute("open") != null);
        assertEquals(first.get("facts").asText(), facts.findElement(By.xpath("../code")).getText());
    }

    /** The queue, the agent's own cases with their targets; the case's thread; reply, note, reassign (refused, then done), close. */
    void worksACase() throws IOException, InterruptedException {
        long id = day.maryCase;
        open("#/cases");
        textIn("#cases-table", "Invoice address");
        textIn("#cases-table", "The app will not sign in");
        screenshots.save("cases");
        choose("#case-queue", "billing");
        wait.until(d -> d.getCurrentUrl().contains("queue=billing")
                && d.findElements(By.cssSelector("#cases-table tbody tr")).size() == 1);
        textIn("#cases-table", "Invoice address");
        // A queue no longer configured is still there to find its cases by.
        choose("#case-queue", ConsoleAgentData.RETIRED);
        wait.until(d -> d.getCurrentUrl().contains("queue=" + ConsoleAgentData.RETIRED)
                && d.findElements(By.cssSelector("#cases-table tbody tr")).size() == 1);
        textIn("#cases-table", "Return label");
        // Every queue the agent sees: the four cases seeded there and the one opened from Alan's page.
        choose("#case-queue", "");
        wait.until(d -> !d.getCurrentUrl().contains("queue=")
                && d.findElements(By.cssSelector("#cases-table tbody tr")).size() == 5);
        click("#case-mine");
        wait.until(d -> d.getCurrentUrl().contains("assignee=alex"));
        String row = "#cases-table tr:has(a[data-case='" + id + "'])";
        wait.until(d -> d.findElements(By.cssSelector("#cases-table tbody tr")).size() == 1);
        textIn(row, "Broken parcel");
        textIn(row, "high");
        JsonNode stored = day.serviceCase(id);
        String firstReply = browser.findElement(By.cssSelector(row + " [data-sla='first-response']")).getAttribute("data-state");
        assertTrue("a target is shown for " + stored, stored.get("firstResponseDue").isNull() ? firstReply.equals("none")
                : List.of("due", "near", "breached").contains(firstReply));
        List<String> queues = new Select(visible("#case-queue")).getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertTrue(queues.toString(), queues.containsAll(List.of("support", "billing", "technical",
                ConsoleAgentData.RETIRED)));

        List<JsonNode> raised = day.escalations(id);
        click(row + " a.case-link");
        textIn("#case-thread-items", "The parcel came broken. What now?");
        readsTheDecisions(id, raised);
        WebElement reply = visible("#case-reply-text");
        reply.sendKeys("Sorry to hear it. A new one leaves today.");
        reply.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        textIn("#case-message", "Reply");
        textIn("#case-thread-items", "A new one leaves today.");
        assertEquals("alex", day.entries(id, "REPLY").get(0).get("author").asText());
        assertFalse("the first reply is recorded", day.serviceCase(id).get("firstResponseAt").isNull());

        WebElement note = visible("#case-note-text");
        note.sendKeys("Courier has been told.");
        note.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        textIn("#case-thread-items", "Courier has been told.");
        assertEquals("Courier has been told.", day.entries(id, "NOTE").get(0).get("text").asText());

        type("#case-assign-assignee", "nobody-of-that-name\n");
        textIn("#case-assign-feedback", "assignee");
        assertEquals("alex", day.serviceCase(id).get("assignee").asText());
        type("#case-assign-assignee", "admin\n");
        textIn("#case-message", "assigned to admin");
        assertEquals("admin", day.serviceCase(id).get("assignee").asText());
        // Moved to another queue the agent works; the analysts' queue is not offered.
        String from = day.serviceCase(id).get("queue").asText();
        String to = from.equals("billing") ? "technical" : "billing";
        Select requeue = new Select(visible("#case-requeue-queue"));
        List<String> offered = requeue.getOptions().stream().map(o -> o.getAttribute("value")).toList();
        assertEquals("the other configured queues the agent works, not one no longer configured",
                Stream.of("support", "billing", "technical").filter(q -> !q.equals(from)).toList(), offered);
        requeue.selectByValue(to);
        click("#case-requeue button[type=submit]");
        textIn("#case-message", "moved to queue " + to);
        textIn("#case-thread-items", "queue: " + from + " -> " + to);
        assertEquals(to, day.serviceCase(id).get("queue").asText());
        screenshots.save("case");

        click("#case-close");
        textIn("#case-message", "closed");
        assertEquals("CLOSED", day.serviceCase(id).get("status").asText().toUpperCase());
        textIn("#case-work", "A closed case takes notes only.");

        // An unassigned case taken in one click: assigning a new case opens it.
        open("#/cases/" + day.invoiceCase);
        click("#case-take");
        textIn("#case-message", "is yours");
        JsonNode taken = day.serviceCase(day.invoiceCase);
        assertEquals("alex", taken.get("assignee").asText());
        assertEquals("OPEN", taken.get("status").asText().toUpperCase());

        // A case of a queue the agent may not work is not there for them: no such case, as the API says.
        assertFalse(queues.toString(), queues.contains("vip"));
        open("#/cases/" + day.vipCase);
        textIn("#main", "no case with id " + day.vipCase);
        assertEquals(0, browser.findElements(By.id("case-work")).size());
    }

    /** The task the retention rules raised for a complaint: taken, then closed done with a note. */
    void worksARetentionTask() throws IOException {
        long id = day.maryTask;
        open("#/tasks?queue=customer-care");
        String actions = ".task-actions[data-task='" + id + "']";
        click(actions + " [data-action='take']");
        textIn("#tasks-message", "Task " + id + " is yours.");
        assertEquals("alex", day.task(id).get("assignee").asText());
        screenshots.save("tasks");
        click(actions + " [data-action='note']");
        type("#task-" + id + "-annotate-note", "Left a voicemail\n");
        textIn("#tasks-message", "note saved");
        assertEquals("Left a voicemail", day.task(id).get("note").asText());
        click(actions + " [data-action='close']");
        choose("#task-" + id + "-status", "done");
        type("#task-" + id + "-note", "Called back, a new parcel is on its way\n");
        textIn("#tasks-message", "Task " + id + " done.");
        JsonNode task = day.task(id);
        assertEquals("DONE", task.get("status").asText().toUpperCase());
        assertEquals("Called back, a new parcel is on its way", task.get("note").asText());
    }

    /** Charles recorded twice: the duplicate suggested, the preview with a choice, the merge, and its undo. */
    void mergesTwoRecordsWithThePreviewAndUndoes() throws IOException {
        open("#/customers/" + day.charles);
        click("#action-merge");
        click("#duplicate-list a[data-merged='" + day.charlie + "']");
        textIn("#merge-fields", "firstName");
        textIn("#merge-moves", "1 interaction moves to contact " + day.charles);
        click("#merge-fields input[data-field='firstName'][value='merged']");
        textIn("#merge-moves", "the result: Charlie Babbage");
        screenshots.save("merge-preview");
        assertEquals("a preview changes nothing", "Charles", day.contact(day.charles).get("firstName").asText());

        click("#merge-confirm");
        textIn("#merge-message", "merged into contact " + day.charles);
        JsonNode merged = day.contact(day.charlie);
        assertEquals(day.charles, merged.get("mergedInto").asLong());
        JsonNode survivor = day.contact(day.charles);
        assertEquals("Charlie", survivor.get("firstName").asText());
        assertTrue(survivor.get("tags").toString(), survivor.get("tags").toString().contains("engines"));
        long merge = day.get("/merges?contactId=" + day.charles).get("items").get(0).get("id").asLong();
        screenshots.save("merge-done");

        click("#undo-" + merge);
        textIn("#merge-message", "undone");
        assertFalse(day.get("/merges/" + merge).get("undoneAt").isNull());
        assertTrue(day.contact(day.charlie).get("mergedInto").isNull());
        assertEquals("Charles", day.contact(day.charles).get("firstName").asText());
        assertEquals("the timeline back with its record", 1, day.get("/contacts/" + day.charlie + "/timeline").get("total").asInt());
    }

    /** An analyst reads the queue, a case's thread and the tasks, without a control to change them. */
    void anAnalystReadsCasesAndTasksWithoutControls() {
        open("#/cases/" + day.maryCase);
        textIn("#case-thread-items", "Courier has been told.");
        assertEquals("no controls", 0, browser.findElements(By.id("case-work")).size());
        open("#/cases/" + day.vipCase);
        textIn("#case-thread-items", "I left it in the shop.");
        // The list by priority shows the cases GET /cases?priority= finds: the low one of billing.
        open("#/cases");
        visible("#cases-table");
        List<Long> low = new ArrayList<>();
        day.get("/cases?priority=low").get("items").forEach(c -> low.add(c.get("id").asLong()));
        assertTrue(low + " holds the invoice case", low.contains(day.invoiceCase));
        choose("#case-priority", "low");
        wait.until(d -> {
            try {
                return d.findElements(By.cssSelector("#cases-table a.case-link")).stream()
                        .map(a -> Long.valueOf(a.getAttribute("data-case"))).toList().equals(low);
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
        open("#/tasks?status=all");
        visible("#tasks-table");
        assertEquals("no actions on tasks", 0, browser.findElements(By.cssSelector(".task-actions button")).size());
        open("#/customers/" + day.mary);
        textIn("#cases", "Broken parcel");
        assertEquals("no actions on customers", 0, browser.findElements(By.id("customer-actions")).size());
    }
}
