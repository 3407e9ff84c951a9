package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A campaign over real HTTP against the running distribution: a segment of a consented and an
 * unconsented contact, bad input refused field by field, the preview, the launch sent as a job
 * through the email channel to the SMTP server in the container (only the consented contact gets
 * the mail, with the RFC 8058 header fields), the one-click unsubscribe withdrawing consent (a
 * forged token and a replay changing nothing) and the figures; a consented contact with a recent
 * complaint held back by the frequency caps of the shipped campaigns rules, at the preview and at
 * sending, counted under the rule's reason; a tracked link redirecting only to the template's URL
 * and counted; the campaigns listed a page at a time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CampaignsIT extends HttpTestSupport {

    private static final String COMPLAINT = "not to customers with an open complaint";
    private static final Pattern LINK = Pattern.compile("/api/v1/unsubscribe/([0-9]+-[A-Za-z0-9_-]{43})");

    private static String fieldsOf(Reply reply) {
        StringBuilder fields = new StringBuilder();
        reply.json().get("fields").forEach(f -> fields.append(f.get("field").asText()).append(' '));
        return fields.toString().strip();
    }

    private long contact(String email, String tag) {
        Reply created = call("POST", "/contacts", basic(Roles.AGENT), "{\"email\": \"" + email + "\", \"firstName\": "
                + "\"Camp\", \"tags\": [\"" + tag + "\"]}");
        assertEquals(created.body(), 201, created.status());
        return created.json().get("id").asLong();
    }

    @Test
    public void aCampaignMailsOnlyTheConsentedWithOneClickUnsubscribe() throws Exception {
        String m = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        String yes = "yes-" + m + "@example.com";
        String no = "no-" + m + "@example.com";
        long consented = contact(yes, m);
        contact(no, m);
        long complainer = contact("cap-" + m + "@example.com", m);
        for (long granted : new long[] {consented, complainer}) {
            call("POST", "/contacts/" + granted + "/consents", agent, "{\"purpose\": \"marketing\", \"state\": "
                    + "\"granted\", \"source\": \"itest\"}");
        }
        call("POST", "/contacts/" + consented + "/consents", agent, "{\"purpose\": \"tracking\", \"state\": "
                + "\"granted\", \"source\": \"itest\"}");
        assertEquals(201, call("POST", "/contacts/" + complainer + "/interactions", agent, "{\"channel\": \"phone\", "
                + "\"direction\": \"inbound\", \"type\": \"complaint\"}").status());
        assertEquals(200, call("PUT", "/messages/templates/" + m + "/en", analyst, "{\"subject\": \"Spring, {{firstName}}\", "
                + "\"body\": \"Hello {{firstName}}\\nShop: {{var.shop|https://shop.example/spring}}\\n"
                + "Stop these mails: {{var.unsubscribeUrl}}\\n\", \"html\": \"<p>Hello {{firstName}}</p><p><a href=\\\""
                + "{{var.shop|https://shop.example/spring}}\\\">Shop</a></p><p><a href=\\\"{{var.unsubscribeUrl}}\\\">"
                + "Stop these mails</a></p>\"}").status());
        assertEquals(200, call("PUT", "/messages/templates/" + m + "-nolink/en", analyst, "{\"subject\": \"Hi\", "
                + "\"body\": \"Hello\\n\"}").status());
        Reply segment = call("PUT", "/segments/" + m, analyst, "{\"condition\": \"tag:" + m + "\"}");
        assertTrue(segment.body(), segment.status() == 200 || segment.status() == 201);
        await("both contacts are in the segment", () -> call("GET", "/segments/" + m, agent, null).json()
                .get("members").asInt() == 3);

        long before = call("GET", "/campaigns", agent, null).json().get("total").asLong();
        Reply bad = call("POST", "/campaigns", analyst, "{\"name\": \"Bad Name\", \"segment\": \"none-" + m + "\", "
                + "\"purpose\": \"spam\", \"channel\": \"fax\", \"variants\": [{\"template\": \"" + m + "-nolink\", "
                + "\"share\": 0}], \"ratePerMinute\": 0}");
        assertEquals(bad.body(), 400, bad.status());
        assertEquals("name segment purpose channel variants[0].template variants[0].share ratePerMinute", fieldsOf(bad));
        Reply badCondition = call("POST", "/campaigns", analyst, "{\"name\": \"" + m + "-once\", \"condition\": "
                + "\"spent>=lots\", \"purpose\": \"marketing\", \"channel\": \"email\", \"variants\": [{\"template\": \""
                + m + "\", \"share\": 1}], \"ratePerMinute\": 60}");
        assertEquals(badCondition.body(), 400, badCondition.status());
        assertEquals("condition", fieldsOf(badCondition));
        Reply once = call("POST", "/campaigns", analyst, "{\"name\": \"" + m + "-once\", \"condition\": \"tag:" + m
                + "\", \"purpose\": \"marketing\", \"channel\": \"email\", \"variants\": [{\"template\": \"" + m
                + "\", \"share\": 1}], \"ratePerMinute\": 60}");
        assertEquals(once.body(), 201, once.status());
        assertEquals("tag:" + m, once.json().get("condition").asText());
        assertEquals("a condition's matches previewed", 3, call("GET", "/campaigns/" + once.json().get("id").asLong()
                + "/preview", analyst, null).json().get("audience").asInt());
        before++;
        String campaign = "{\"name\": \"" + m + "\", \"segment\": \"" + m + "\", \"purpose\": \"marketing\", "
                + "\"channel\": \"email\", \"variants\": [{\"template\": \"" + m + "\", \"share\": 1}], \"ratePerMinute\": 60}";
        assertEquals("marketing is the analysts'", 403, call("POST", "/campaigns", agent, campaign).status());
        assertEquals("nothing stored", before, call("GET", "/campaigns", agent, null).json().get("total").asLong());
        Reply defined = call("POST", "/campaigns", analyst, campaign);
        assertEquals(defined.body(), 201, defined.status());
        long id = defined.json().get("id").asLong();

        JsonNode preview = call("GET", "/campaigns/" + id + "/preview", analyst, null).json();
        assertEquals(preview.toString(), 3, preview.get("audience").asInt());
        assertEquals(preview.toString(), 1, preview.get("reachable").asInt());
        assertEquals(preview.toString(), 1, preview.get("heldBack").get("no consent recorded for marketing by email").asInt());
        assertEquals(preview.toString(), 1, preview.get("heldBack").get(COMPLAINT).asInt());

        try (SmtpSink smtp = new SmtpSink(Integer.parseInt(System.getProperty(SMTP_PORT)))) {
            Reply launched = call("POST", "/campaigns/" + id + "/launch", analyst, null);
            assertEquals(launched.body(), 200, launched.status());
            assertEquals(3, launched.json().get("recipients").asInt());
            await("the campaign's figures settle", () -> {
                JsonNode total = call("GET", "/campaigns/" + id + "/figures", agent, null).json().get("total");
                return total.get("sent").asInt() == 1 && total.get("heldBack").size() == 2;
            });
            List<SmtpSink.Received> mails = smtp.received().stream().filter(r -> r.to().contains("<" + yes + ">")
                    || r.to().contains("<" + no + ">") || r.to().contains("<cap-" + m + "@example.com>")).toList();
            assertEquals("only the consented contact got the mail", 1, mails.size());
            assertEquals(List.of("<" + yes + ">"), mails.get(0).to());
            String data = mails.get(0).data();
            assertTrue(data, data.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
            Matcher header = Pattern.compile("List-Unsubscribe: <http[^>]*" + LINK.pattern() + ">").matcher(data);
            assertTrue(data, header.find());
            String token = header.group(1);
            Matcher inBody = LINK.matcher(data.substring(data.indexOf("\n\n")));
            assertTrue("the body links to the same place: " + data, inBody.find() && inBody.group(1).equals(token));

            Matcher click = Pattern.compile("https://localhost:[0-9]+/api/v1/track/click/([0-9]+-[A-Za-z0-9_-]{43}-shop)")
                    .matcher(data);
            assertTrue("a tracked link for the contact who consented to tracking: " + data, click.find());
            assertTrue("the same tracked link in the HTML body: " + data, data.contains("<a href=\""
                    + click.group() + "\">Shop</a>"));
            assertTrue("the open pixel ends the HTML body: " + data, Pattern.compile("<img src=\"https://localhost:"
                    + "[0-9]+/api/v1/track/open/[^\"]+\" width=\"1\" height=\"1\"").matcher(data).find());
            Reply followed = call("GET", "/track/click/" + click.group(1), Map.of(), null);
            assertEquals(followed.body(), 302, followed.status());
            assertEquals("https://shop.example/spring", followed.raw().headers().firstValue("Location").orElse(""));
            String elsewhere = click.group(1).substring(0, click.group(1).length() - 4) + "evil";
            assertEquals("no redirect but to the template's URL", 404, call("GET", "/track/click/" + elsewhere, Map.of(),
                    null).status());

            Map<String, String> oneClick = Map.of("Content-Type", "application/x-www-form-urlencoded");
            String consents = "/contacts/" + consented + "/consents";
            int records = call("GET", consents, analyst, null).json().get("history").size();
            assertEquals("a link scanner's GET changes nothing", 200, call("GET", "/unsubscribe/" + token, Map.of(), null)
                    .status());
            String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
            assertEquals(404, call("POST", "/unsubscribe/" + forged, oneClick, "List-Unsubscribe=One-Click").status());
            Reply acceptPage = call("GET", "/accept/" + token, Map.of(), null);
            assertTrue(acceptPage.body(), acceptPage.status() == 200 && acceptPage.body().contains("Accept the offer"));
            assertEquals("an unsubscribe token accepts no offer", 404, call("POST", "/accept/" + token, oneClick, "")
                    .status());
            assertEquals(records, call("GET", consents, analyst, null).json().get("history").size());
            Reply unsubscribed = call("POST", "/unsubscribe/" + token, oneClick, "List-Unsubscribe=One-Click");
            assertEquals(unsubscribed.body(), 200, unsubscribed.status());
            JsonNode history = call("GET", consents, analyst, null).json().get("history");
            assertEquals(records + 1, history.size());
            assertTrue(history.toString(), history.get(0).toString().contains("unsubscribe link of campaign " + m));
            assertEquals("WITHDRAWN", history.get(0).get("state").asText().toUpperCase(java.util.Locale.ROOT));
            assertEquals(200, call("POST", "/unsubscribe/" + token, oneClick, "List-Unsubscribe=One-Click").status());
            assertEquals("a replay records nothing more", records + 1, call("GET", consents, analyst, null).json()
                    .get("history").size());
        }

        JsonNode total = call("GET", "/campaigns/" + id + "/figures", agent, null).json().get("total");
        assertEquals(total.toString(), 3, total.get("targeted").asInt());
        assertEquals("held back by the cap, under its reason: " + total, 1, total.get("heldBack").get(COMPLAINT).asInt());
        assertEquals(total.toString(), 1, total.get("clicked").asInt());
        assertEquals("a click is an open: " + total, 1, total.get("opened").asInt());
        JsonNode page = call("GET", "/campaigns?limit=1", agent, null).json();
        assertEquals(page.toString(), 1, page.get("items").size());
        assertEquals(page.toString(), 1, page.get("limit").asInt());
        assertTrue(page.toString(), page.get("total").asLong() >= 1);
        assertEquals(400, call("GET", "/campaigns?limit=0", agent, null).status());
        assertEquals(total.toString(), 1, total.get("unsubscribed").asInt());
        assertEquals(total.toString(), 0, total.get("failed").asInt());
        assertEquals(409, call("POST", "/campaigns/" + id + "/launch", analyst, null).status());
        assertEquals(404, call("GET", "/campaigns/999999999/figures", agent, null).status());
        String shell = executeAs("campaigns:show " + m, Roles.AGENT);
        assertTrue(shell, shell.contains("sent 1") && shell.contains("unsubscribed 1"));
        assertFalse(shell, shell.contains("pending 1"));
    }
}
