package org.rapport.sales.impl.rest;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.sales.api.Conversion;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.impl.LeadImport;

/**
 * {@code /api/v1/leads}: agents and analysts read leads and the decisions that scored them; agents
 * capture, qualify, convert and re-score them.
 */
@Component(service = LeadsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("leads")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LeadsResource {

    /** A qualification: {@code qualified} false disqualifies. */
    public record Qualification(Boolean qualified, String reason) {
    }

    /** The opportunity a conversion opens: all optional. */
    public record ConversionTerms(BigDecimal amount, String currency, LocalDate expectedClose) {
    }

    /** A decision applied about the lead: what, by which rule of which release, on what facts. */
    public record LeadDecision(String type, Map<String, String> attributes, String rule, String rulePackage,
            long release, String facts, Instant recordedAt) {

        static LeadDecision of(LedgerEntry entry) {
            Decision d = entry.decision();
            return new LeadDecision(d.type(), d.attributes(), d.rule(), d.rulePackage(), d.release(), entry.facts(),
                    entry.recordedAt());
        }
    }

    private final SalesService sales;
    private final DecisionLedger ledger;
    private final LeadImport imports;

    @Activate
    public LeadsResource(@Reference SalesService sales, @Reference DecisionLedger ledger, @Reference LeadImport imports) {
        this.sales = sales;
        this.ledger = ledger;
        this.imports = imports;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<Lead> list(@QueryParam("status") String status, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "-id");
        LeadStatus filter = status == null || status.isBlank() ? null : SalesErrors.call(() -> LeadStatus.parse(status));
        return new Page<>(sales.leads(filter, page.offset(), page.limit()), page.offset(), page.limit(),
                sales.countLeads(filter));
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Lead find(@PathParam("id") String id) {
        long leadId = Params.wholeNumber("id", id);
        return sales.lead(leadId).orElseThrow(() -> ApiException.notFound("lead", leadId));
    }

    /** The rules' decisions about the lead, newest first, with rule, release and the facts they were made on. */
    @GET
    @Path("{id}/decisions")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:read")
    public Page<LeadDecision> decisions(@PathParam("id") String id) {
        long leadId = Params.wholeNumber("id", id);
        Lead lead = sales.lead(leadId).orElseThrow(() -> ApiException.notFound("lead", leadId));
        return Page.all(ledger.about(lead.subject(), 100).stream().map(LeadDecision::of).toList());
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Response capture(NewLead body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "a lead: {\"name\", \"email\", \"phone\", \"company\", \"source\", ...}");
        }
        Lead lead = SalesErrors.call(() -> sales.capture(body, null, Params.actor(caller.getUserPrincipal())));
        return Response.status(201).entity(lead).build();
    }

    /** Leads from CSV (heading row, then a lead a row): 200 with every refused row by number, column and reason. */
    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public LeadImport.Report importCsv(String body, @QueryParam("dryRun") boolean dryRun,
            @QueryParam("source") String source, @Context SecurityContext caller) {
        if (body == null || body.isBlank()) {
            throw ApiException.invalid("body", "CSV with a heading row: name,email,phone,company,source,owner,answer.<question>");
        }
        return SalesErrors.call(() -> imports.run(new StringReader(body), source == null || source.isBlank() ? "import"
                : source.strip(), dryRun, Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/qualification")
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Lead qualify(@PathParam("id") String id, Qualification body, @Context SecurityContext caller) {
        long leadId = Params.wholeNumber("id", id);
        if (body == null || body.qualified() == null) {
            throw ApiException.invalid("qualified", "is required: true to qualify, false to disqualify");
        }
        return SalesErrors.call(() -> sales.qualify(leadId, body.qualified(), body.reason(),
                Params.actor(caller.getUserPrincipal())));
    }

    @POST
    @Path("{id}/conversion")
    @Access(roles = Roles.AGENT, scope = "sales:write")
    public Response convert(@PathParam("id") String id, ConversionTerms body, @Context SecurityContext caller) {
        long leadId = Params.wholeNumber("id", id);
        ConversionTerms terms = body == null ? new ConversionTerms(null, null, null) : body;
        Conversion conversion = SalesErrors.call(() -> sales.convert(leadId, terms.amount(), terms.currency(),
                terms.expectedClose(), Params.actor(caller.getUserPrincipal())));
        return Response.status(201).entity(conversion).build();
    }

    @POST
    @Path("{id}/scoring")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "sales:write")
    public Lead rescore(@PathParam("id") String id) {
        long leadId = Params.wholeNumber("id", id);
        return SalesErrors.call(() -> sales.rescore(leadId));
    }
}
