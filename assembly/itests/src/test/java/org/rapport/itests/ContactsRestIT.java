package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Contacts over real HTTP against the running distribution: the timeline, search, accounts
 * and custom properties, merges, CSV import and export.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class ContactsRestIT extends ContactTestSupport {

    @Inject
    org.osgi.service.event.EventAdmin events;

    @Test
    public void everyTouchpointLandsOnOneTimeline() throws InterruptedException {
        String agent = basic(Roles.AGENT);
        String contact = "/contacts/" + contactId;
        Reply call = call("POST", contact + "/interactions", agent, "{\"channel\": \"phone\", \"direction\": \"inbound\", "
                + "\"type\": \"call\", \"occurredAt\": \"2026-01-05T09:00:00Z\", \"summary\": \"asked about delivery\"}");
        assertEquals(call.body(), 201, call.status());
        assertEquals("itest-agent", call.json().get("source").asText());
        Reply bad = call("POST", contact + "/interactions", agent, "{\"channel\": \"fax\", \"direction\": \"inbound\", \"type\": \"call\"}");
        assertEquals(bad.body(), "channel", bad.json().get("fields").get(0).get("field").asText());
        events.postEvent(new org.osgi.service.event.Event("org/rapport/contacts/interaction/RECORD", Map.of(
                "contact.id", contactId, "channel", "web", "direction", "inbound", "type", "visit",
                "occurred.at", "2026-01-06T10:00:00Z", "source", "web-tracker", "payload.page", "/pricing")));
        executeAs("contacts:record --outbound --at 2026-01-07T11:00:00Z --detail case=C-7 " + contactId
                + " email support-case \"reply sent\"", Roles.AGENT);

        await("the posted visit is recorded", () -> call("GET", contact + "/timeline", agent, null).json()
                .get("total").asInt() == 3);
        JsonNode timeline = call("GET", contact + "/timeline", agent, null).json().get("items");
        assertEquals("support-case", timeline.get(0).get("type").asText());
        assertEquals("OUTBOUND", timeline.get(0).get("direction").asText());
        assertEquals("C-7", timeline.get(0).get("payload").get("case").asText());
        assertEquals("/pricing", timeline.get(1).get("payload").get("page").asText());
        assertEquals("call", timeline.get(2).get("type").asText());
        JsonNode phoneOnly = call("GET", contact + "/timeline?channel=phone", basic(Roles.ANALYST), null).json();
        assertEquals(1, phoneOnly.get("total").asInt());
        String shown = executeAs("contacts:show " + contactId, Roles.ANALYST);
        assertTrue(shown, shown.contains("Interactions: 3") && shown.contains("email outbound support-case: reply sent"));
        String shell = executeAs("contacts:timeline " + contactId, Roles.ANALYST);
        assertTrue(shell, shell.contains("support-case") && shell.contains("web-tracker") && shell.contains("3 interaction(s)"));
        refused("contacts:record " + contactId + " phone call", Roles.ANALYST);
    }

    @Test
    public void contactsAreFoundByNameEmailPhoneAndTag() {
        String agent = basic(Roles.AGENT);
        String marker = "z" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Reply created = call("POST", "/contacts", agent, "{\"email\": \"" + marker + "@example.com\", "
                + "\"firstName\": \"Katherine\", \"lastName\": \"" + marker + "\", \"phone\": \"+1 757 555 0199\", "
                + "\"language\": \"en-US\", \"preferredChannel\": \"phone\", \"tags\": [\"NASA\", \"" + marker + "\"]}");
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();

        for (String query : List.of(marker, marker.toUpperCase() + "@", "tag:" + marker, "katherine " + marker)) {
            JsonNode found = call("GET", "/contacts?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
                    agent, null).json();
            assertEquals(query + ": " + found, 1, found.get("total").asInt());
            assertEquals(query, id, found.get("items").get(0).get("id").asLong());
        }
        Reply updated = call("PUT", "/contacts/" + id, agent, "{\"email\": \"" + marker + "@example.com\", "
                + "\"firstName\": \"Katherine\", \"lastName\": \"Johnson\", \"tags\": [\"" + marker + "\"]}");
        assertEquals(updated.body(), 200, updated.status());
        assertEquals(0, call("GET", "/contacts?q=tag:nasa%20" + marker, agent, null).json().get("total").asInt());
        Reply badPhone = call("PUT", "/contacts/" + id, agent, "{\"email\": \"" + marker + "@example.com\", \"phone\": \"none\"}");
        assertEquals("phone", badPhone.json().get("fields").get(0).get("field").asText());
        String shell = executeAs("contacts:find johnson " + marker, Roles.ANALYST);
        assertTrue(shell, shell.contains(marker + "@example.com") && shell.contains("1 match(es)"));
    }

    /** Accounts, addresses, owners and custom properties that an administrator defines, each checked. */
    @Test
    public void aContactHasAnAccountAnAddressAnOwnerAndTypedProperties() {
        String m = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = basic(Roles.ADMIN);
        String agent = basic(Roles.AGENT);
        Reply born = call("PUT", "/contact-properties/born" + m, admin, "{\"type\":\"date\",\"label\":\"Date of birth\"}");
        assertEquals(born.body(), 200, born.status());
        assertEquals(200, call("PUT", "/contact-properties/trade" + m, admin,
                "{\"type\":\"choice\",\"choices\":[\"retail\",\"wholesale\"]}").status());
        Reply account = call("POST", "/accounts", agent, "{\"name\":\"Acme " + m + "\",\"domain\":\"https://www."
                + m + ".example/shop\",\"industry\":\"retail\"}");
        assertEquals(account.body(), 201, account.status());
        assertEquals(m + ".example", account.json().get("domain").asText());
        long accountId = account.json().get("id").asLong();

        String body = "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ines\",\"owner\":\"itest-agent\","
                + "\"accountId\":" + accountId + ",\"address\":{\"street\":\"Rua Augusta 1\",\"locality\":\"Lisboa\","
                + "\"country\":\"pt\"},\"properties\":{\"born" + m + "\":\"1990-04-23\",\"trade" + m + "\":\"Wholesale\"}}";
        Reply created = call("POST", "/contacts", agent, body);
        assertEquals(created.body(), 201, created.status());
        JsonNode contact = created.json();
        assertEquals("PT", contact.get("address").get("country").asText());
        assertEquals("1990-04-23", contact.get("properties").get("born" + m).asText());
        assertEquals("wholesale", contact.get("properties").get("trade" + m).asText());
        assertEquals("itest-agent", contact.get("owner").asText());
        long id = contact.get("id").asLong();

        Map<String, String> refusals = Map.of(
                "\"properties\":{\"unknown" + m + "\":1}", "properties.unknown" + m,
                "\"properties\":{\"born" + m + "\":\"23/04/1990\"}", "properties.born" + m,
                "\"properties\":{\"trade" + m + "\":\"barter\"}", "properties.trade" + m,
                "\"owner\":\"nobody-" + m + "\"", "owner",
                "\"accountId\":987654321", "accountId",
                "\"address\":{\"country\":\"Portugal\"}", "address.country");
        refusals.forEach((field, named) -> {
            Reply refused = call("PUT", "/contacts/" + id, agent, "{\"email\":\"" + m + "@example.com\"," + field + "}");
            assertEquals(field + " " + refused.body(), 400, refused.status());
            assertEquals(refused.body(), named, refused.json().get("fields").get(0).get("field").asText());
        });
        assertEquals("nothing refused was stored", "wholesale",
                call("GET", "/contacts/" + id, agent, null).json().get("properties").get("trade" + m).asText());

        for (String query : List.of("prop:born" + m + "<1991-01-01", "prop:trade" + m + "=WHOLESALE account:" + accountId,
                "owner:itest-agent prop:born" + m + "=1990-04-23")) {
            JsonNode found = call("GET", "/contacts?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8), agent,
                    null).json();
            assertEquals(query + ": " + found, 1, found.path("total").asInt());
        }
        assertEquals(1, call("GET", "/accounts/" + accountId + "/contacts", agent, null).json().get("total").asInt());
        assertEquals(1, call("GET", "/accounts?q=acme%20" + m, agent, null).json().get("total").asInt());
        assertEquals(409, call("DELETE", "/accounts/" + accountId, agent, null).status());
        assertEquals(409, call("PUT", "/contact-properties/born" + m, admin, "{\"type\":\"number\"}").status());

        executeAs("contacts:set " + id + " locality=Porto trade" + m + "=retail", Roles.AGENT);
        String shown = executeAs("contacts:show " + id, Roles.ANALYST);
        assertTrue(shown, shown.contains("Rua Augusta 1, Porto, PT") && shown.contains("Acme " + m)
                && shown.contains("retail") && shown.contains("1990-04-23"));
        String accounts = executeAs("accounts:show " + accountId, Roles.ANALYST);
        assertTrue(accounts, accounts.contains(m + "@example.com"));
        refused("contacts:define-property x" + m + " text", Roles.AGENT);
    }

    /** Two records of one person merged with a preview and field choices, consents combined strictly, then undone. */
    @Test
    public void twoRecordsOfOnePersonAreMergedAndSeparatedAgain() {
        String m = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        long ada = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ada\","
                + "\"lastName\":\"Lovelace\",\"tags\":[\"" + m + "\"]}").json().get("id").asLong();
        long augusta = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.org\",\"firstName\":\"Augusta\","
                + "\"lastName\":\"King\",\"phone\":\"+44 20 7946 0001\"}").json().get("id").asLong();
        assertEquals(201, call("POST", "/contacts/" + augusta + "/interactions", agent,
                "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\",\"summary\":\"" + m + "\"}").status());
        assertEquals(201, call("POST", "/contacts/" + ada + "/consents", agent, "{\"purpose\":\"marketing\","
                + "\"channel\":\"email\",\"state\":\"granted\",\"source\":\"web form\"}").status());
        assertEquals(201, call("POST", "/contacts/" + augusta + "/consents", agent, "{\"purpose\":\"marketing\","
                + "\"channel\":\"email\",\"state\":\"withdrawn\",\"source\":\"unsubscribe link\"}").status());
        String request = "{\"survivorId\":" + ada + ",\"mergedId\":" + augusta + ",\"choices\":{\"firstName\":\"merged\"}}";
        assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\":" + augusta + ",\"eventId\":\"" + m
                + "\",\"amount\":80.00}").status());
        long points = call("GET", "/loyalty/members/" + augusta, agent, null).json().get("balance").asLong();
        assertTrue(points > 0);

        Reply preview = call("POST", "/merges/preview", basic(Roles.ANALYST), request);
        assertEquals(preview.body(), 200, preview.status());
        assertEquals("Augusta", preview.json().get("result").get("firstName").asText());
        assertEquals("+442079460001", preview.json().get("result").get("phone").asText());
        assertTrue(preview.body(), preview.json().get("participants").get("consent").asText().contains("withdrawn"));
        assertTrue(preview.body(), preview.json().get("participants").get("loyalty").asText().contains("move to member"));
        assertEquals("the preview changes nothing", "Ada", call("GET", "/contacts/" + ada, agent, null).json()
                .get("firstName").asText());

        Reply merged = call("POST", "/merges", agent, request);
        assertEquals(merged.body(), 201, merged.status());
        long mergeId = merged.json().get("id").asLong();
        assertEquals("Augusta", call("GET", "/contacts/" + ada, agent, null).json().get("firstName").asText());
        assertEquals(ada, call("GET", "/contacts/" + augusta, agent, null).json().get("mergedInto").asLong());
        assertEquals("the call moved", 1, call("GET", "/contacts/" + ada + "/timeline?channel=phone", agent, null).json()
                .get("total").asInt());
        JsonNode byOldAddress = call("GET", "/contacts?q=" + m + "@example.org", agent, null).json();
        assertEquals("the merged record's address finds the survivor", ada, byOldAddress.get("items").get(0).get("id").asLong());
        assertEquals(1, byOldAddress.get("total").asInt());
        JsonNode consent = call("GET", "/contacts/" + ada + "/consents", agent, null).json().get("current");
        assertEquals(consent.toString(), 1, consent.size());
        assertEquals("the stricter choice wins", "WITHDRAWN", consent.get(0).get("state").asText().toUpperCase());
        assertEquals("the points moved", points, call("GET", "/loyalty/members/" + ada, agent, null).json().get("balance")
                .asLong());
        assertTrue(merged.body(), merged.json().get("outcomes").get("loyalty").asText().startsWith(points + " point(s)"));
        assertEquals(409, call("POST", "/merges", agent, request).status());

        String shell = executeAs("contacts:unmerge " + mergeId, Roles.AGENT);
        assertTrue(shell, shell.contains("undone"));
        assertEquals("the points moved back", points, call("GET", "/loyalty/members/" + augusta, agent, null).json()
                .get("balance").asLong());
        assertEquals("Ada", call("GET", "/contacts/" + ada, agent, null).json().get("firstName").asText());
        assertEquals("the call moved back", 1, call("GET", "/contacts/" + augusta + "/timeline?channel=phone", agent, null)
                .json().get("total").asInt());
        assertEquals(0, call("GET", "/contacts/" + ada + "/timeline?channel=phone", agent, null).json().get("total").asInt());
        assertEquals(1, call("GET", "/contacts?q=" + m + "@example.org", agent, null).json().get("total").asInt());
        assertTrue(call("GET", "/merges/" + mergeId, agent, null).json().hasNonNull("undoneAt"));
        assertEquals("GRANTED", call("GET", "/contacts/" + ada + "/consents", agent, null).json().get("current").get(0)
                .get("state").asText().toUpperCase());
        JsonNode audit = call("GET", "/audit?subject=contact%20" + ada, basic(Roles.ADMIN), null).json();
        assertTrue(audit.toString(), audit.toString().contains("contact.merge") && audit.toString().contains("contact.unmerge"));
        String previewShell = executeAs("contacts:merge --take phone " + ada + " " + augusta, Roles.AGENT);
        assertTrue(previewShell, previewShell.contains("phone") && previewShell.contains("Nothing changed"));
    }

    /** A CSV with bad rows: the good ones are kept, each bad one reported by row, column and reason. */
    @Test
    public void aCsvImportKeepsGoodRowsAndReportsEachBadOne() throws IOException {
        String m = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String csv = "Email,First Name,Last Name,Phone,Tags\n"
                + m + "a@example.com,Ada,Lovelace,,imported;" + m + "\n"
                + "not-an-address,Bad,Row,,\n"
                + m + "b@example.com,Grace,Hopper,12,\n"
                + m + "c@example.com,Katherine,Johnson,+1 757 555 0199," + m + "\n"
                + m + "d@example.com,Dorothy,Vaughan,,\n";
        HttpRequest upload = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty(HTTP_PORT)
                + "/api/v1/contacts/import")).header("Authorization", basic(Roles.AGENT)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> accepted;
        try {
            accepted = http.send(upload, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String job = location.substring(location.indexOf("/api/v1") + "/api/v1".length());
        await("the import ends", () -> !"RUNNING".equals(call("GET", job, basic(Roles.AGENT), null).json().path("state").asText()));

        JsonNode imported = call("GET", job, basic(Roles.AGENT), null).json();
        assertEquals(imported.toString(), "contacts.import", imported.get("kind").asText());
        assertEquals(imported.toString(), 5, imported.get("total").asInt());
        JsonNode report = imported.get("report");
        assertEquals(report.toString(), "DONE", report.get("state").asText());
        assertEquals(report.toString(), 3, report.get("created").asInt());
        assertEquals(report.toString(), 2, report.get("failed").asInt());
        assertEquals(3, report.get("errors").get(0).get("row").asInt());
        assertEquals("Email", report.get("errors").get(0).get("column").asText());
        assertEquals(4, report.get("errors").get(1).get("row").asInt());
        assertEquals("Phone", report.get("errors").get(1).get("column").asText());
        assertFalse("a refused row's values stay out of the report: " + report, report.toString().contains("not-an-address")
                || report.toString().contains(m + "b@example.com"));
        assertTrue("an analyst follows imports too", call("GET", job, basic(Roles.ANALYST), null).status() == 200);
        assertEquals("but does not cancel them", 403, call("POST", job + "/cancel", basic(Roles.ANALYST), null).status());
        assertEquals(2, call("GET", "/contacts?q=tag:" + m, basic(Roles.AGENT), null).json().get("total").asInt());
        JsonNode audited = call("GET", "/audit?action=contact.import&subject=import%20job%20" + imported.get("id").asText(),
                basic(Roles.ADMIN), null).json().get("items");
        assertEquals(audited.toString(), 1, audited.size());
        assertEquals(audited.toString(), "itest-agent", audited.get(0).get("actor").asText());

        // The shell takes the same CSV as content, on standard input.
        String dry = executeWithInput("contacts:import --dry-run", csv, Roles.AGENT);
        assertTrue(dry, dry.contains("Dry run, nothing stored. DONE: 5 rows, 0 created, 0 updated, 3 unchanged, 2 refused"));
        assertTrue(dry, dry.contains("row 3, column Email: the value is not an email address"));
        assertFalse(dry, dry.contains("not-an-address"));

        Reply export = call("GET", "/contacts/export?format=json", basic(Roles.ADMIN), null);
        assertEquals(200, export.status());
        assertTrue(export.body(), export.body().contains("\"email\":\"" + m + "c@example.com\",\"firstName\":\"Katherine\""));
        Reply csvExport = call("GET", "/contacts/export", basic(Roles.ADMIN), null);
        assertTrue(csvExport.body(), csvExport.body().startsWith(
                "\"id\",\"email\",\"firstName\",\"lastName\",\"phone\",\"language\",\"preferredChannel\",\"tags\""));
    }

    @Test
    public void theLocationOfACreatedContactLeadsToIt() {
        Reply created = call("POST", "/contacts", basic(Roles.AGENT),
                "{\"email\":\"loc-" + UUID.randomUUID() + "@example.com\"}");
        String location = created.raw().headers().firstValue("Location").orElseThrow();

        assertEquals(location, "http://localhost:" + System.getProperty(HTTP_PORT) + "/api/v1/contacts/"
                + created.json().get("id").asLong(), location);
    }
}
