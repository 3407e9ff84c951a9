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
 */
@Component(service = SurveyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("surveys")
public class SurveyResource {

    private static final String HEAD = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>How did we do?</title>"
            + "</head><body>";
    private static final String FORM = HEAD + "<form method=\"post\"><p>How satisfied are you with our help, from 1 "
            + "(not at all) to 5 (very)?</p><p>" + scores() + "</p><p><label>Anything to add? <textarea name=\"comment\" "
            + "maxlength=\"2000\"></textarea></label></p><button type=\"submit\">Send</button></form></body></html>";

    private final SurveyAnswers surveys;

    @Context
    private HttpServletRequest request;

    @Activate
    public SurveyResource(@Reference SurveyAnswers surveys) {
        this.surveys = surveys;
    }

    private static String scores() {
        StringBuilder radios = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            radios.append("<label><input type=\"radio\" name=\"score\" value=\"").append(i).append("\" required> ")
                    .append(i).append("</label> ");
        }
        return radios.toString();
    }

    @GET
    @Path("{token}")
    @Public
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        limit();
        SurveyAnswers.Answer state = surveys.check(token);
        return state == null ? page(200, FORM) : answered(state);
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
        return answered(surveys.answer(token, value, comment));
    }

    private Response answered(SurveyAnswers.Answer answer) {
        return switch (answer) {
            case ANSWERED -> page(200, HEAD + "<p>Thank you for your answer.</p></body></html>");
            case ALREADY_ANSWERED -> page(409, HEAD + "<p>This survey is answered already. Thank you.</p></body></html>");
            case EXPIRED -> page(410, HEAD + "<p>This survey has closed.</p></body></html>");
            case UNKNOWN -> page(404, HEAD + "<p>This link is not one of ours.</p></body></html>");
        };
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
