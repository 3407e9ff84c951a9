package org.rapport.rest.impl.security;

import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.SecurityContext;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;

/** {@code /api/v1/users}: the people who may sign in, for administrators; everyone may change their own password. */
@Component(service = UsersResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UsersResource {

    /** A new user. */
    public record NewUser(String name, String password, Set<String> roles) {
    }

    /** A user's roles, replacing the ones held. */
    public record RolesChange(Set<String> roles) {
    }

    /** A new password. */
    public record PasswordChange(String password) {
    }

    private final UserService users;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public UsersResource(@Reference UserService users) {
        this.users = users;
    }

    @GET
    public Page<User> list() {
        return Page.all(users.list());
    }

    @GET
    @Path("{name}")
    public User get(@PathParam("name") String name) {
        return users.find(name).orElseThrow(() -> ApiException.notFound("user", name));
    }

    @POST
    public Response create(NewUser user, @Context SecurityContext caller) {
        if (user == null) {
            throw ApiException.invalid("(body)", "a user is required: {\"name\", \"password\", \"roles\"}");
        }
        User created = users.create(user.name(), user.password(), user.roles());
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "user.create", "user " + created.name(), null,
                AuditTrail.roles(created.roles()));
        return Response.created(UriBuilder.fromPath("users/{name}").build(created.name())).entity(created).build();
    }

    @PUT
    @Path("{name}/roles")
    public User setRoles(@PathParam("name") String name, RolesChange change, @Context SecurityContext caller) {
        String before = users.find(name).map(u -> AuditTrail.roles(u.roles())).orElse(null);
        User changed = users.setRoles(name, change == null ? null : change.roles());
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "user.roles", "user " + name, before,
                AuditTrail.roles(changed.roles()));
        return changed;
    }

    @PUT
    @Path("{name}/password")
    @Access(roles = {Roles.ANALYST, Roles.AGENT})
    public Response setPassword(@PathParam("name") String name, PasswordChange change, @Context SecurityContext caller) {
        if (!caller.isUserInRole(Roles.ADMIN) && !caller.getUserPrincipal().getName().equals(name)) {
            throw new ApiException(403, "forbidden", "only administrators may change another user's password");
        }
        users.setPassword(name, change == null ? null : change.password());
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "user.password", "user " + name, null, "changed");
        return Response.noContent().build();
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @Context SecurityContext caller) {
        String before = users.find(name).map(u -> AuditTrail.roles(u.roles())).orElse(null);
        users.delete(name);
        AuditTrail.send(events, caller.getUserPrincipal().getName(), "user.delete", "user " + name, before, null);
        return Response.noContent().build();
    }
}
