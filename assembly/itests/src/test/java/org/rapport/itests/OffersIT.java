package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Offers over real HTTP against the running distribution: a purchase with lines (a bad line refused
 * by index and field), the offer the shipped offers rules decide on it for an agent and a shop's key,
 * with its ledger entry; the active rules previewed over every stored customer; accepting it; an agent
 * may not define offers.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OffersIT extends HttpTestSupport {

    @Inject
    protected ApiKeyService keys;

    @Test
    public void aPurchaseWithLinesGetsTheOfferTheRulesDecideWithItsLedgerEntry() {
        String m = "o" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        activeRelease("offers");
        String machine = "{\"title\": \"The espresso machine\", \"kind\": \"upsell\"}";
        Reply byAgent = call("PUT", "/offers/ESPRESSO-MACHINE", agent, machine);
        assertEquals(byAgent.body(), 403, byAgent.status());
        Reply defined = call("PUT", "/offers/ESPRESSO-MACHINE", analyst, machine);
        assertTrue(defined.body(), defined.status() == 201 || defined.status() == 200);
        Reply badKind = call("PUT", "/offers/X-1", analyst, "{\"title\": \"x\", \"kind\": \"sideways\"}");
        assertEquals(badKind.body(), 400, badKind.status());

        long ada = call("POST", "/contacts", agent, "{\"email\": \"" + m + "@example.com\", \"firstName\": \"Ada\"}")
                .json().get("id").asLong();
        String purchase = "{\"contactId\": " + ada + ", \"eventId\": \"" + m + "-1\", \"amount\": 24.00, \"lines\": [";
        Reply badLine = call("POST", "/loyalty/purchases", agent, purchase + "{\"sku\": \"BEANS-1\", \"category\": "
                + "\"coffee\", \"quantity\": 2, \"unitPrice\": 12.00}, {\"sku\": \"CUP\", \"quantity\": 0, "
                + "\"unitPrice\": 1}]}");
        assertEquals(badLine.body(), 400, badLine.status());
        assertEquals("lines[1].quantity", badLine.json().get("fields").get(0).get("field").asText());
        Reply booked = call("POST", "/loyalty/purchases", agent, purchase + "{\"sku\": \"BEANS-1\", \"category\": "
                + "\"coffee\", \"quantity\": 2, \"unitPrice\": 12.00}]}");
        assertEquals(booked.body(), 201, booked.status());

        Reply offers = call("GET", "/contacts/" + ada + "/offers", agent, null);
        assertEquals(offers.body(), 200, offers.status());
        JsonNode best = offers.json().get("offers").get(0);
        assertEquals("ESPRESSO-MACHINE", best.get("code").asText());
        assertEquals(2, best.get("rank").asInt());
        assertEquals("OFF-002 Coffee buyers without an espresso machine are offered one", best.get("rule").asText());
        Map<String, String> shop = Map.of("X-API-Key", keys.issue("itest shop " + m, Set.of("offers:read"), "itest")
                .secret());
        Reply byShop = call("GET", "/contacts/" + ada + "/offers", shop, null);
        assertEquals(byShop.body(), 200, byShop.status());
        Reply unknown = call("GET", "/contacts/" + (ada + 1_000_000_000L) + "/offers", shop, null);
        assertEquals(unknown.body(), 404, unknown.status());
        assertEquals(403, call("POST", "/contacts/" + ada + "/offers/ESPRESSO-MACHINE/accept", shop, null).status());

        JsonNode why = null;
        for (JsonNode d : call("GET", "/contacts/" + ada + "/decisions", agent, null).json().get("items")) {
            if (d.toString().contains("offers.offer")) {
                why = d;
            }
        }
        assertTrue("the offer is in the decision ledger", why != null && why.toString().contains("OFF-002")
                && why.toString().contains("coffee"));

        // The active files previewed over every stored customer (the offers bundle's fact source): nothing changes.
        long release = activeRelease("offers").version();
        JsonNode files = call("GET", "/rules/offers/releases/" + release, analyst, null).json().get("files");
        Reply preview = call("POST", "/rules/offers/preview", analyst, "{\"files\": " + files + "}");
        assertEquals(preview.body(), 200, preview.status());
        assertTrue(preview.body(), preview.json().get("facts").asLong() >= 1);
        assertEquals(preview.body(), 0, preview.json().get("changes").size());

        Reply accepted = call("POST", "/contacts/" + ada + "/offers/espresso-machine/accept", agent, null);
        assertEquals(accepted.body(), 201, accepted.status());
        assertTrue(accepted.body(), accepted.json().get("interactionId").isNumber());
        assertEquals(0, call("GET", "/contacts/" + ada + "/offers", agent, null).json().get("offers").size());
    }
}
