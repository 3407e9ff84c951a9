package org.rapport.contacts.impl.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import javax.ws.rs.Consumes;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.DuplicateFinder;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.contacts.impl.ContactImports;
import org.rapport.jobs.Job;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/contacts}: list (paged, sorted), search ({@code ?q=}), read, create and update
 * contacts, record interactions
 * and read a contact's timeline. Agents read and write; analysts read; partner keys need
 * {@code contacts:read} or {@code contacts:write}.
 */
@Component(service = ContactsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContactsResource {

    private final ContactService contacts;
    private final InteractionService interactions;
    private final ContactTransfers transfers;
    private final DuplicateFinder duplicates;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ContactsResource(@Reference ContactService contacts, @Reference InteractionService interactions,
            @Reference ContactTransfer transfer, @Reference DuplicateFinder duplicates,
            @Reference ContactImports imports) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.transfers = new ContactTransfers(transfer, imports);
        this.duplicates = duplicates;
    }

    /**
     * Imports a CSV body (heading row first) as a job of the platform's runner and answers at once
     * (202) with the job, which {@code Location} ({@code /jobs/{id}}) follows: its progress, and as
     * its report the rows read, created, updated, and each refused row by number, column and
     * reason. A bad heading or mapping is a 400 at once.
     */
    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response importCsv(InputStream body, @QueryParam("dryRun") boolean dryRun,
            @QueryParam("keepExisting") boolean keepExisting, @QueryParam("map") List<String> mappings,
            @Context SecurityContext caller) throws IOException {
        String actor = caller.getUserPrincipal().getName();
        ContactImports.Submitted submitted = transfers.importCsv(body, dryRun, keepExisting, mappings, actor);
        Job job = submitted.job();
        ContactAudit.imported(events, actor, job.id(), submitted.report());
        return Response.accepted(job).location(UriBuilder.fromPath("jobs/{id}").build(job.id())).build();
    }

    /** Every contact, streamed: CSV with a heading row ({@code format=csv}, the default) or a JSON array. */
    @GET
    @Path("export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @Access(scope = "contacts:export")
    public Response export(@QueryParam("format") String format) {
        return transfers.export(format);
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Contact> list(@QueryParam("q") String query, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit, @QueryParam("sort") String sort) {
        if (query != null) {
            if (sort != null) {
                throw ApiException.invalid("sort", "search results come in id order; leave out sort when searching");
            }
            PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "id");
            try {
                return Page.of(contacts.search(query, page.offset(), page.limit()), page, contacts.countMatches(query));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("q", e.getMessage());
            }
        }
        PageRequest page = PageRequest.parse(offset, limit, sort, ContactService.SORTABLE, "id");
        return Page.of(contacts.list(page.offset(), page.limit(), page.sort(), page.descending()), page, contacts.count());
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Contact get(@PathParam("id") String id) {
        long contactId = id(id);
        return contacts.find(contactId).orElseThrow(() -> ApiException.notFound("contact", contactId));
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response create(NewContact contact, @Context SecurityContext caller) {
        if (contact == null) {
            throw ApiException.invalid("(body)", "a contact is required: {\"email\", \"firstName\", \"lastName\"}");
        }
        try {
            Contact created = contacts.create(contact);
            ContactAudit.changed(events, caller.getUserPrincipal().getName(), "contact.create", null, created);
            return Response.created(UriBuilder.fromPath("contacts/{id}").build(created.id())).entity(created).build();
        } catch (ContactValidationException e) {
            throw refusal(e);
        }
    }

    /** Replaces the contact's details: what the body leaves out is cleared (the email address is required). */
    @PUT
    @Path("{id}")
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Contact update(@PathParam("id") String id, NewContact details, @Context SecurityContext caller) {
        long contactId = id(id);
        Contact before = contacts.find(contactId).orElseThrow(() -> ApiException.notFound("contact", contactId));
        if (details == null) {
            throw ApiException.invalid("(body)", "the contact's details are required: {\"email\", \"firstName\", ...}");
        }
        try {
            Contact after = contacts.update(contactId, details);
            ContactAudit.changed(events, caller.getUserPrincipal().getName(), "contact.update", before, after);
            return after;
        } catch (ContactValidationException e) {
            throw refusal(e);
        }
    }

    static ApiException refusal(ContactValidationException e) {
        return e.conflict() ? new ApiException(409, "conflict", e.getMessage(), ApiException.invalid(e.fieldErrors()).fields())
                : ApiException.invalid(e.fieldErrors());
    }

    /** Records an interaction on the contact's timeline; the caller is its source. */
    @POST
    @Path("{id}/interactions")
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response record(@PathParam("id") String id, NewInteraction interaction, @Context SecurityContext caller) {
        long contactId = id(id);
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        if (interaction == null) {
            throw ApiException.invalid("(body)", "an interaction is required: {\"channel\", \"direction\", \"type\", "
                    + "\"occurredAt\", \"summary\", \"payload\"}");
        }
        try {
            Interaction recorded = interactions.record(contactId, interaction, caller.getUserPrincipal().getName());
            return Response.created(UriBuilder.fromPath("contacts/{id}/timeline").build(contactId)).entity(recorded).build();
        } catch (ContactValidationException e) {
            throw ApiException.invalid(e.fieldErrors());
        }
    }

    /** The contact's interactions, newest first; {@code channel} (repeatable) keeps only those channels. */
    @GET
    @Path("{id}/timeline")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Interaction> timeline(@PathParam("id") String id, @QueryParam("channel") List<String> channels,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        long contactId = id(id);
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        Set<Channel> only = EnumSet.noneOf(Channel.class);
        for (String channel : channels) {
            try {
                only.add(Channel.parse(channel));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("channel", e.getMessage());
            }
        }
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("occurredAt"), "-occurredAt");
        return Page.of(interactions.timeline(contactId, only, page.offset(), Math.min(page.limit(), InteractionService.MAX_PAGE)),
                page, interactions.count(contactId, only));
    }

    /** Contacts that may be the same person, most likely first, each with its score and reasons. */
    @GET
    @Path("{id}/duplicates")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<DuplicateCandidate> duplicates(@PathParam("id") String id) {
        long contactId = id(id);
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        return Page.all(duplicates.duplicatesOf(contactId));
    }

    static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("id", "a contact id is a whole number, not '" + id + "'");
        }
    }
}
