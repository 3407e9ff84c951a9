package org.rapport.campaigns.impl.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.rapport.campaigns.impl.PublicRequests;
import org.rapport.rest.Public;

/**
 * A public page behind a signed link of a campaign message, for anyone who holds it (no sign-in; the
 * token is signed per recipient): {@code GET /{token}} shows a page with a button and changes
 * nothing, since mail filters fetch the links in messages; {@code POST /{token}} (the button, or a
 * mail client's one-click request) is limited per client address ({@code publicRequestsPerMinute},
 * below the REST server's limit for every public path) and then does what the link is for: the
 * {@link #outcome} of each kind of link, the only thing in which they differ. A token this server
 * did not sign answers {@link PublicPaths#unknown()}. Public, because the JAX-RS runtime calls its
 * methods from outside this package.
 */
public abstract class TokenPage {

    private final String page;
    private final PublicRequests limit;

    /** @param page the page {@code GET} shows: a form posting to the link itself */
    TokenPage(String page, PublicRequests limit) {
        this.page = page;
        this.limit = limit;
    }

    @GET
    @Path("{token}")
    @Public
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        return PublicPaths.page(200, page);
    }

    @POST
    @Path("{token}")
    @Public
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_HTML)
    public Response post(@PathParam("token") String token, @Context HttpServletRequest request) {
        PublicPaths.limit(limit, request);
        return outcome(token);
    }

    /** What following the link does, and the page that says so. */
    abstract Response outcome(String token);

    /** An HTML page with its title and its body. */
    static String html(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>" + body
                + "</body></html>";
    }
}
