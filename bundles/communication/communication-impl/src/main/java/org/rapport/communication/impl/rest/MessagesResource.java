package org.rapport.communication.impl.rest;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.communication.impl.Readers;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.PageRequest;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/messages}: the log of every message to customers with its outcome, sending one
 * from a template, retrying a failed one, and the templates. Agents send and read; analysts read
 * and write templates; partner keys need {@code messages:read} or {@code messages:write}.
 */
@Component(service = MessagesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessagesResource {

    /**
     * A message to send: {@code variables} fill the template's {@code {{var.name}}} placeholders;
     * {@code inReplyTo} is the id of the contact's inbound message it answers, or null.
     */
    public record SendBody(Long contactId, String channel, String template, String purpose,
            Map<String, String> variables, String reference, Long inReplyTo) {
    }

    /** A template's text in one language. */
    public record TemplateBody(String subject, String body, String html) {
    }

    private final MessageService messages;

    @Activate
    public MessagesResource(@Reference MessageService messages) {
        this.messages = messages;
    }

    /** Messages, newest first: of one contact with {@code contactId}, of one status with {@code status}. */
    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Page<Message> log(@QueryParam("contactId") String contactId, @QueryParam("status") String status,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit, @Context SecurityContext caller) {
        PageRequest page = PageRequest.parse(offset, limit, null, java.util.Set.of("id"), "-id");
        Long contact = contactId == null || contactId.isBlank() ? null : Params.wholeNumber("contactId", contactId);
        MessageStatus state = status(status);
        InboundReader reader = reader(caller);
        return Page.of(messages.log(contact, state, reader, page.offset(), page.limit()), page,
                messages.count(contact, state, reader));
    }

    /** Queues a message: 201 with it, or 200 with the earlier one when its {@code reference} was used before. */
    @POST
    @Access(roles = Roles.AGENT, scope = "messages:write")
    public Response send(SendBody body, @Context SecurityContext caller) {
        if (body == null) {
            throw ApiException.invalid("body", "a message is required: {\"contactId\": 1, \"channel\": \"email\", "
                    + "\"template\": \"win-back\", \"purpose\": \"marketing\"}");
        }
        if (body.contactId() == null) {
            throw ApiException.invalid("contactId", "contactId is required");
        }
        Instant asked = Instant.now();
        Message message;
        try {
            message = messages.send(new SendRequest(body.contactId(), body.channel(), body.template(), body.purpose(),
                    body.variables(), body.reference(), null, body.inReplyTo()), Params.actor(caller.getUserPrincipal()));
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
        // A message stored before this request was asked for is the earlier one its reference names.
        boolean replayed = message.createdAt().isBefore(asked);
        return replayed ? Response.ok(message).build()
                : Response.created(URI.create("messages/" + message.id())).entity(message).build();
    }

    @GET
    @Path("{id}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Message message(@PathParam("id") String id, @Context SecurityContext caller) {
        long messageId = Params.wholeNumber("id", id);
        return messages.find(messageId, reader(caller)).orElseThrow(() -> ApiException.notFound("message", messageId));
    }

    /** Puts a failed message back in the queue. */
    @POST
    @Path("{id}/retry")
    @Access(roles = Roles.AGENT, scope = "messages:write")
    public Message retry(@PathParam("id") String id, @Context SecurityContext caller) {
        long messageId = Params.wholeNumber("id", id);
        if (messages.find(messageId, reader(caller)).isEmpty()) {
            throw ApiException.notFound("message", messageId);
        }
        try {
            return messages.retry(messageId, Params.actor(caller.getUserPrincipal()));
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    @GET
    @Path("templates")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Page<Template> templates() {
        return Page.all(messages.templates());
    }

    @GET
    @Path("templates/{code}/{language}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "messages:read")
    public Template template(@PathParam("code") String code, @PathParam("language") String language) {
        return messages.template(code, language).orElseThrow(() -> new ApiException(404, "not_found", "template '" + code
                + "' has no text in " + language));
    }

    /** Writes a template's text in one language. */
    @PUT
    @Path("templates/{code}/{language}")
    @Access(roles = Roles.ANALYST)
    public Template saveTemplate(@PathParam("code") String code, @PathParam("language") String language,
            TemplateBody body) {
        if (body == null) {
            throw ApiException.invalid("body", "a template is required: {\"subject\": \"We miss you, {{firstName}}\", "
                    + "\"body\": \"...\"}");
        }
        try {
            return messages.saveTemplate(new Template(code, language, body.subject(), body.body(), null, body.html()));
        } catch (IllegalArgumentException e) {
            throw ApiException.refused(e);
        }
    }

    @DELETE
    @Path("templates/{code}/{language}")
    @Access(roles = Roles.ANALYST)
    public Response deleteTemplate(@PathParam("code") String code, @PathParam("language") String language) {
        if (!messages.deleteTemplate(code, language)) {
            throw new ApiException(404, "not_found", "template '" + code + "' has no text in " + language);
        }
        return Response.noContent().build();
    }

    /** A message its keeper keeps from the caller is not there for them, as for an id never used. */
    private static InboundReader reader(SecurityContext caller) {
        return Readers.of(caller.getUserPrincipal() == null ? null : caller.getUserPrincipal().getName(), caller::isUserInRole);
    }

    private static MessageStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return MessageStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("status", "'" + status + "' is not a status: queued, retrying, sent, failed, blocked or bounced");
        }
    }
}
