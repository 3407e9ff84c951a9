package org.rapport.rules.rest.impl;

import java.time.Instant;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;

/**
 * {@code /api/v1/contacts/{id}/decisions}: the decision ledger for one customer, newest first.
 * Each entry names the rule and release that decided and the facts it decided on: the answer to
 * "why is Ada Gold?".
 */
@Component(service = DecisionsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts/{id}/decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionsResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** A decision applied about the contact, and what it was made on. */
    public record DecisionView(String type, String subject, Map<String, String> attributes, String rule,
            String rulePackage, long release, String facts, Instant recordedAt) {

        static DecisionView of(LedgerEntry entry) {
            Decision d = entry.decision();
            return new DecisionView(d.type(), d.subject(), d.attributes(), d.rule(), d.rulePackage(), d.release(),
                    entry.facts(), entry.recordedAt());
        }
    }

    private final DecisionLedger ledger;

    @Activate
    public DecisionsResource(@Reference DecisionLedger ledger) {
        this.ledger = ledger;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<DecisionView> list(@PathParam("id") String id, @QueryParam("limit") String limit) {
        long contactId;
        try {
            contactId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("id", "a contact id is a whole number, not '" + id + "'");
        }
        return Page.all(ledger.about(Long.toString(contactId), limit(limit)).stream().map(DecisionView::of).toList());
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("limit", "a whole number from 1 to " + MAX_LIMIT + ", not '" + text + "'");
    }
}
