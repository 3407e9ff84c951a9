package org.rapport.loyalty.impl.rest;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import javax.ws.rs.Consumes;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reconciliation;
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.api.TierChange;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.loyalty.api.TierStatistics;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/loyalty}: purchases, members' points and tiers, redemptions, adjustments and
 * reversals, the rewards catalogue, expiry runs, reconciliation and tier re-evaluation jobs.
 * Agents book and read; analysts read and re-evaluate; administrators manage rewards and runs.
 * Partner keys need {@code loyalty:read} or {@code loyalty:write}.
 */
@Component(service = LoyaltyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("loyalty")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoyaltyResource {

    /** A purchase reported by a selling system; {@code eventId} makes sending it twice harmless. */
    public record PurchaseRequest(Long contactId, String eventId, BigDecimal amount, String currency, String channel,
            String category, Instant occurredAt, List<PurchaseLine> lines) {
    }

    /** A redemption; without a {@code requestId} a retried request books twice. */
    public record RedemptionRequest(Long contactId, String reward, String requestId) {
    }

    public record AdjustmentRequest(Long contactId, Long points, String reason, String requestId) {
    }

    public record ReversalRequest(String reason) {
    }

    public record ExpiryRequest(Instant asOf) {
    }

    private final LoyaltyService loyalty;
    private final TierReevaluation reevaluation;
    private final ContactService contacts;

    @Activate
    public LoyaltyResource(@Reference LoyaltyService loyalty, @Reference TierReevaluation reevaluation,
            @Reference ContactService contacts) {
        this.loyalty = loyalty;
        this.reevaluation = reevaluation;
        this.contacts = contacts;
    }

    /** Records a purchase: 201 with the entry and the member's standing, 200 if the event was recorded before. */
    @POST
    @Path("purchases")
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public Response purchase(PurchaseRequest p, @Context SecurityContext caller) {
        if (p == null) {
            throw ApiException.invalid("body", "a purchase is required: {\"contactId\": 1, \"eventId\": \"ORDER-1\", "
                    + "\"amount\": 12.50}");
        }
        long contactId = required("contactId", p.contactId());
        PurchaseEvent purchase = new PurchaseEvent(contactId, p.eventId(), required("amount", p.amount()), p.currency(),
                p.channel(), p.category(), p.occurredAt(), p.lines());
        PurchaseResult result = refusing(() -> {
            try {
                return loyalty.recordPurchase(purchase, Params.actor(caller.getUserPrincipal()));
            } catch (IllegalArgumentException refused) {
                // The service reads the buyer anyway: the contact is looked up again only to tell a missing one (404).
                existingContact(contactId);
                throw refused;
            }
        });
        return result.replayed() ? Response.ok(result).build() : Response.created(entryUri(result.entry())).entity(result).build();
    }

    @GET
    @Path("members/{contactId}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public Member member(@PathParam("contactId") String contactId) {
        long id = existingContact(contactId);
        return loyalty.member(id).orElseThrow(() -> new ApiException(404, "not_found", "contact " + id
                + " is not a loyalty member yet; a first purchase makes them one"));
    }

    /** The member's ledger entries, newest first. */
    @GET
    @Path("members/{contactId}/ledger")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public Page<PointsEntry> ledger(@PathParam("contactId") String contactId,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 500) {
            throw ApiException.invalid("limit", "limit is from 1 to 500, not " + limit);
        }
        return Page.all(loyalty.ledger(existingContact(contactId), limit));
    }

    /** The member's tier changes, newest first, each with the rule and release that decided it. */
    @GET
    @Path("members/{contactId}/tiers")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public Page<TierChange> tiers(@PathParam("contactId") String contactId) {
        return Page.all(loyalty.tierHistory(existingContact(contactId)));
    }

    @GET
    @Path("entries/{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public PointsEntry entry(@PathParam("id") String id) {
        long entryId = Params.wholeNumber("id", id);
        return loyalty.entry(entryId).orElseThrow(() -> ApiException.notFound("ledger entry", entryId));
    }

    /** Books the opposite of an entry; 201 with the reversal. */
    @POST
    @Path("entries/{id}/reversal")
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public Response reverse(@PathParam("id") String id, ReversalRequest body, @Context SecurityContext caller) {
        long entryId = Params.wholeNumber("id", id);
        if (loyalty.entry(entryId).isEmpty()) {
            throw ApiException.notFound("ledger entry", entryId);
        }
        PointsEntry reversal = refusing(() -> loyalty.reverse(entryId, body == null ? null : body.reason(),
                Params.actor(caller.getUserPrincipal())));
        return Response.created(entryUri(reversal)).entity(reversal).build();
    }

    /** Spends points on a reward; 201 with the entry. */
    @POST
    @Path("redemptions")
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public Response redeem(RedemptionRequest r, @Context SecurityContext caller) {
        if (r == null) {
            throw ApiException.invalid("body", "a redemption is required: {\"contactId\": 1, \"reward\": \"COFFEE\"}");
        }
        long contactId = existingContact(required("contactId", r.contactId()));
        String request = r.requestId() == null ? UUID.randomUUID().toString() : r.requestId();
        PointsEntry entry = refusing(() -> loyalty.redeem(contactId, r.reward(), request,
                Params.actor(caller.getUserPrincipal())));
        return Response.created(entryUri(entry)).entity(entry).build();
    }

    /** Credits or debits points by hand, with a reason; 201 with the entry. */
    @POST
    @Path("adjustments")
    @Access(roles = Roles.AGENT, scope = "loyalty:write")
    public Response adjust(AdjustmentRequest a, @Context SecurityContext caller) {
        if (a == null) {
            throw ApiException.invalid("body", "an adjustment is required: {\"contactId\": 1, \"points\": 50, "
                    + "\"reason\": \"late delivery\"}");
        }
        long contactId = existingContact(required("contactId", a.contactId()));
        String request = a.requestId() == null ? UUID.randomUUID().toString() : a.requestId();
        PointsEntry entry = refusing(() -> loyalty.adjust(contactId, required("points", a.points()), a.reason(), request,
                Params.actor(caller.getUserPrincipal())));
        return Response.created(entryUri(entry)).entity(entry).build();
    }

    @GET
    @Path("rewards")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "loyalty:read")
    public Page<Reward> rewards() {
        return Page.all(loyalty.rewards());
    }

    /** Adds or changes a reward. */
    @PUT
    @Path("rewards/{code}")
    @Access
    public Reward saveReward(@PathParam("code") String code, Reward reward) {
        if (reward == null) {
            throw ApiException.invalid("body", "a reward is required: {\"name\": \"Coffee\", \"points\": 150, \"active\": true}");
        }
        if (reward.code() != null && !reward.code().equalsIgnoreCase(code)) {
            throw ApiException.invalid("code", "the body's code " + reward.code() + " is not the path's " + code);
        }
        return refusing(() -> loyalty.saveReward(new Reward(code, reward.name(), reward.points(), reward.stock(),
                reward.active())));
    }

    /** Expires the points due as of {@code asOf} (default now). */
    @POST
    @Path("expiry-runs")
    @Access
    public ExpiryRun expire(ExpiryRequest body) {
        Instant now = Instant.now();
        Instant asOf = body == null || body.asOf() == null ? now : body.asOf();
        if (asOf.isAfter(now)) {
            throw ApiException.invalid("asOf", "asOf " + asOf + " is in the future; points expire when their day comes");
        }
        return loyalty.expirePoints(asOf);
    }

    /**
     * Members by tier now, and month by month (UTC) how many moved from which tier to which: the
     * last 12 months unless {@code from} and {@code to} ({@code 2026-11}) say otherwise.
     */
    @GET
    @Path("tier-statistics")
    @Access(roles = Roles.ANALYST, scope = "loyalty:read")
    public TierStatistics tierStatistics(@QueryParam("from") String from, @QueryParam("to") String to) {
        YearMonth last = Params.month("to", to, YearMonth.now(ZoneOffset.UTC));
        YearMonth first = Params.month("from", from, last.minusMonths(11));
        if (first.isAfter(last)) {
            throw ApiException.invalid("from", "from (" + first + ") is after to (" + last + ")");
        }
        if (first.plusMonths(120).isBefore(last)) {
            throw ApiException.invalid("from", "at most 120 months at once; " + first + " to " + last + " is longer");
        }
        return loyalty.tierStatistics(first, last);
    }

    @GET
    @Path("reconciliation")
    @Access(roles = Roles.ANALYST)
    public Reconciliation reconcile() {
        return loyalty.reconcile();
    }

    /** Starts a re-evaluation of every member's tier (or returns the one running): 202 with the job. */
    @POST
    @Path("reevaluations")
    @Access(roles = Roles.ANALYST)
    public Response reevaluate(@Context SecurityContext caller) {
        ReevaluationJob job;
        try {
            job = reevaluation.start(Params.actor(caller.getUserPrincipal()));
        } catch (IllegalStateException startingElsewhere) {
            // Another node took the lock a moment ago and has not yet stored its job.
            throw ApiException.conflict(startingElsewhere.getMessage());
        }
        return Response.accepted(job).location(UriBuilder.fromPath("loyalty/reevaluations/{id}").build(job.id())).build();
    }

    @GET
    @Path("reevaluations")
    @Access(roles = Roles.ANALYST)
    public Page<ReevaluationJob> reevaluations() {
        return Page.all(reevaluation.jobs(20));
    }

    @GET
    @Path("reevaluations/{id}")
    @Access(roles = Roles.ANALYST)
    public ReevaluationJob reevaluationJob(@PathParam("id") String id) {
        long jobId = Params.wholeNumber("id", id);
        return reevaluation.job(jobId).orElseThrow(() -> ApiException.notFound("re-evaluation job", jobId));
    }

    /** Continues an interrupted or failed job. */
    @POST
    @Path("reevaluations/{id}/resume")
    @Access(roles = Roles.ANALYST)
    public ReevaluationJob resume(@PathParam("id") String id, @Context SecurityContext caller) {
        long jobId = Params.wholeNumber("id", id);
        try {
            return reevaluation.resume(jobId, Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** Runs a booking and turns its refusals into API errors that name the field at fault. */
    private static <T> T refusing(Supplier<T> booking) {
        try {
            return booking.get();
        } catch (LoyaltyException e) {
            throw new ApiException(409, e.code(), e.getMessage(), e.field() == null ? null
                    : List.of(new org.rapport.rest.FieldError(e.field(), e.getMessage())));
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }

    private static URI entryUri(PointsEntry entry) {
        return UriBuilder.fromPath("loyalty/entries/{id}").build(entry.id());
    }

    private long existingContact(Object contactId) {
        long id = contactId instanceof Long l ? l : Params.wholeNumber("contactId", String.valueOf(contactId));
        if (contacts.find(id).isEmpty()) {
            throw ApiException.notFound("contact", id);
        }
        return id;
    }

    private static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiException.invalid(field, field + " is required");
        }
        return value;
    }
}
