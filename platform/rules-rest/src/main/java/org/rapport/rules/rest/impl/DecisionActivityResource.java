package org.rapport.rules.rest.impl;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
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
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RuleActivity;

/**
 * {@code GET /api/v1/decisions/activity?from=&to=}: how many applied decisions each rule of each
 * release made over a period of days (both included; by default the last 30 days, UTC), for the
 * dashboards' rule firings per release.
 */
@Component(service = DecisionActivityResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionActivityResource {

    /** The longest period asked at once, in days: the ledger is read whole for it. */
    static final int MAX_DAYS = 731;

    /** The period counted and what each rule of each release decided in it. */
    public record Activity(LocalDate from, LocalDate to, List<RuleActivity> rules) {
    }

    private final DecisionLedger ledger;
    private final Clock clock;

    @Activate
    public DecisionActivityResource(@Reference DecisionLedger ledger) {
        this(ledger, Clock.systemUTC());
    }

    DecisionActivityResource(DecisionLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @GET
    @Path("activity")
    @Access(roles = Roles.ANALYST, scope = "rules:read")
    public Activity activity(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate last = Params.day("to", to, LocalDate.now(clock));
        LocalDate first = Params.day("from", from, last.minusDays(29));
        if (first.isAfter(last)) {
            throw ApiException.invalid("from", "from (" + first + ") is after to (" + last + ")");
        }
        if (first.plusDays(MAX_DAYS).isBefore(last)) {
            throw ApiException.invalid("from", "a period is at most " + MAX_DAYS + " days; " + first + " to " + last
                    + " is longer");
        }
        return new Activity(first, last, ledger.activity(first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
    }
}
