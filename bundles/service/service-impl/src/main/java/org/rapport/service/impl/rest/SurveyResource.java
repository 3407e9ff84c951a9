package org.rapport.service.impl.rest;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.FormParam;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.ApiException;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.service.impl.SurveyAnswers;

/**
 * {@code /api/v1/surveys/{token}}: the link in a closed case's satisfaction survey, for whoever
 * holds it (no sign-in; the token is signed per survey). {@code GET} shows the question and changes
 * nothing (mail filters fetch the links in messages); {@code POST} with the form's {@code score}
 * (1 to 5) and optional {@code comment} answers, once. A token this server did not sign is a 404, an
 * answered survey a 409 and an expired one a 410, each recording nothing. Both are limited per client
 * address ({@code surveyRequestsPerMinute}), below the REST server's limit for every public path.
 * The page speaks the contact's language where there are texts in it, else English
 * ({@link SurveyTexts}); a link that is not this server's, in English.
 */
@Component(service = SurveyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("surveys")
public class SurveyResource {

    private final SurveyAnswers surveys;

    @Context
    private HttpServletRequest request;

    @Activate
    public SurveyResource(@Reference SurveyAnswers surveys) {
        this.surveys = surveys;
    }

    /** The page's start in {@code language}: its title, and the language for the browser. */
    private static String head(String language) {
        return "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + SurveyTexts.text(language, "title") + "</title></head><body>";
    }

    /** The question and its form in {@code language}. */
    static String form(String language) {
        StringBuilder radios = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            radios.append("<label><input type=\"radio\" name=\"score\" value=\"").append(i).append("\" required> ")
                    .append(i).append("</label> ");
        }
        return head(language) + "<form method=\"post\"><p>" + SurveyTexts.text(language, "question") + "</p><p>" + radios
                + "</p><p><label>" + SurveyTexts.text(language, "comment") + " <textarea name=\"comment\" "
                + "maxlength=\"2000\"></textarea></label></p><button type=\"submit\">" + SurveyTexts.text(language, "send")
                + "</button></form></body></html>";
    }

    /** The language of the page for {@code token}: its contact's, by {@link SurveyTexts#language}. */
    private String language(String token) {
        return SurveyTexts.language(surveys.language(token));
    }

    @GET
    @Path("{token}")
    @Public
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        limit();
        SurveyAnswers.Answer state = surveys.check(token);
        String language = language(token);
        return state == null ? page(200, form(language)) : answered(state, language);
    }

    @POST
    @Path("{token}")
    @Public
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response answer(@PathParam("token") String token, @FormParam("score") String score,
            @FormParam("comment") String comment) {
        limit();
        int value;
        try {
            value = Integer.parseInt(score == null ? "" : score.strip());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > 5) {
            throw ApiException.invalid("score", "a score from 1 to 5");
        }
        if (comment != null && comment.length() > 2000) {
            throw ApiException.invalid("comment", "a comment of at most 2000 characters");
        }
        return answered(surveys.answer(token, value, comment), language(token));
    }

    private static Response answered(SurveyAnswers.Answer answer, String language) {
        return switch (answer) {
            case ANSWERED -> page(200, said(language, "thanks"));
            case ALREADY_ANSWERED -> page(409, said(language, "answered"));
            case EXPIRED -> page(410, said(language, "closed"));
            case UNKNOWN -> page(404, said(language, "unknown"));
        };
    }

    private static String said(String language, String key) {
        return head(language) + "<p>" + SurveyTexts.text(language, key) + "</p></body></html>";
    }

    private static Response page(int status, String html) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(html).header("Cache-Control", "no-store").build();
    }

    private void limit() {
        String address;
        try {
            // Behind a trusted proxy the client it names, not the proxy, whose address every client shares.
            address = request.getRemoteAddr();
        } catch (RuntimeException outsideServlet) {
            address = "unknown";
        }
        if (!surveys.allow(address)) {
            throw new ApiException(429, "too_many_requests", "too many requests from " + address + "; wait a minute");
        }
    }
}
