package org.rapport.contacts.impl.rest;

import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/accounts}: the organisations contacts belong to. Agents read and write, analysts
 * read; partner keys need {@code contacts:read} or {@code contacts:write}.
 */
@Component(service = AccountsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {

    private final AccountService accounts;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public AccountsResource(@Reference AccountService accounts) {
        this.accounts = accounts;
    }

    /** Accounts by name; {@code q} keeps those whose name or domain starts with it. */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Account> list(@QueryParam("q") String query, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("name"), "name");
        return Page.of(accounts.list(query, page.offset(), page.limit()), page, accounts.count(query));
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Account get(@PathParam("id") String id) {
        long accountId = Params.wholeNumber("id", id);
        return accounts.find(accountId).orElseThrow(() -> ApiException.notFound("account", accountId));
    }

    @POST
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response create(NewAccount account, @Context SecurityContext caller) {
        if (account == null) {
            throw ApiException.invalid("(body)", "an account is required: {\"name\", \"domain\", \"industry\", ...}");
        }
        try {
            Account created = accounts.create(account);
            ContactAudit.other(events, Params.actor(caller.getUserPrincipal()), "account.create",
                    "account " + created.id(), created.toString());
            return Response.created(UriBuilder.fromPath("accounts/{id}").build(created.id())).entity(created).build();
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
    }

    /** Replaces the account's details: what the body leaves out is cleared (the name is required). */
    @PUT
    @Path("{id}")
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Account update(@PathParam("id") String id, NewAccount details, @Context SecurityContext caller) {
        long accountId = Params.wholeNumber("id", id);
        Account before = get(id);
        if (details == null) {
            throw ApiException.invalid("(body)", "the account's details are required: {\"name\", ...}");
        }
        try {
            Account after = accounts.update(accountId, details);
            ContactAudit.other(events, Params.actor(caller.getUserPrincipal()), "account.update",
                    "account " + accountId, before + " -> " + after);
            return after;
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
    }

    /** Removes an account no contact belongs to (409 while some do). */
    @DELETE
    @Path("{id}")
    @Access(roles = Roles.AGENT, scope = "contacts:write")
    public Response delete(@PathParam("id") String id, @Context SecurityContext caller) {
        Account account = get(id);
        try {
            accounts.delete(account.id());
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
        ContactAudit.other(events, Params.actor(caller.getUserPrincipal()), "account.delete", "account " + account.id(),
                account.toString());
        return Response.noContent().build();
    }

    /** The account's contacts, by id. */
    @GET
    @Path("{id}/contacts")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<Contact> contacts(@PathParam("id") String id, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        Account account = get(id);
        PageRequest page = PageRequest.parse(offset, limit, null, Set.of("id"), "id");
        return Page.of(accounts.contacts(account.id(), page.offset(), page.limit()), page,
                accounts.countContacts(account.id()));
    }
}
