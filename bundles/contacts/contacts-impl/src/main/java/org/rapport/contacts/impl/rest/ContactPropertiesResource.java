package org.rapport.contacts.impl.rest;

import java.util.List;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.Params;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code /api/v1/contact-properties}: the custom properties contacts may have. Everyone who reads
 * contacts reads them; administrators define and remove them.
 */
@Component(service = ContactPropertiesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("contact-properties")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ContactPropertiesResource {

    /** A definition as sent: the type by name. */
    public record Definition(String label, String type, List<String> choices) {
    }

    private final ContactProperties properties;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public ContactPropertiesResource(@Reference ContactProperties properties) {
        this.properties = properties;
    }

    @GET
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public Page<PropertyDefinition> list() {
        return Page.all(properties.definitions());
    }

    @GET
    @Path("{name}")
    @Access(roles = {Roles.AGENT, Roles.ANALYST}, scope = "contacts:read")
    public PropertyDefinition get(@PathParam("name") String name) {
        return properties.definition(name).orElseThrow(() -> ApiException.notFound("property", name));
    }

    /** Defines the property, or changes its label and choices (its type cannot change: 409). */
    @PUT
    @Path("{name}")
    @Access(roles = Roles.ADMIN)
    public PropertyDefinition define(@PathParam("name") String name, Definition body, @Context SecurityContext caller) {
        if (body == null || body.type() == null) {
            throw ApiException.invalid("type", "a property needs a type: text, number, date, boolean or choice");
        }
        PropertyType type;
        try {
            type = PropertyType.parse(body.type());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", e.getMessage());
        }
        try {
            PropertyDefinition defined = properties.define(new PropertyDefinition(name, body.label(), type, body.choices()));
            ContactAudit.other(events, Params.actor(caller.getUserPrincipal()), "contact.property.define",
                    "property " + name, defined.toString());
            return defined;
        } catch (ContactValidationException e) {
            throw ContactsResource.refusal(e);
        }
    }

    /** Removes the property with every contact's value of it; answers how many values went. */
    @DELETE
    @Path("{name}")
    @Access(roles = Roles.ADMIN)
    public Removed remove(@PathParam("name") String name, @Context SecurityContext caller) {
        get(name);
        long held = properties.remove(name);
        ContactAudit.other(events, Params.actor(caller.getUserPrincipal()), "contact.property.remove",
                "property " + name, held + " values removed");
        return new Removed(name, held);
    }

    /** What a removal took away. */
    public record Removed(String name, long values) {
    }
}
