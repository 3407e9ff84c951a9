package org.rapport.service.impl.rest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/surveys/{token}}: the link in a closed case's satisfaction survey, for whoever
 * holds it (no sign-in; the token is signed per survey). {@code GET} shows the question and changes
 * nothing (mail filters fetch the links in messages); {@code POST} with the form's {@code score}
 * (1 to 5) and optional {@code comment} answers, once. A token this server did not sign is a 404, an
 * answered survey a 409 and an expired one a 410, each recording nothing. Both are limited per client
 * address ({@code surveyRequestsPerMinute}), below the REST server's limit for every public path.
 * The page speaks the contact's language where there are texts in it, else English
 * ({@link SurveyTexts}; an administrator adds languages as files, {@link SurveyTextFiles}); a link
 * that is not this server's, in English.
 */
@Component(service = SurveyResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("surveys")
public class SurveyResource {

    private static final Logger LOG = LoggerFactory.getLogger(SurveyResource.class);
    /** How long the texts read from the folder serve before it is read again. */
    private static final Duration REREAD = Duration.ofMinutes(1);

    /** The texts read at {@code at}, and what was wrong with the files not taken. */
    private record Loaded(SurveyTexts texts, List<String> problems, Instant at) {
    }

    private final SurveyAnswers surveys;
    private final java.nio.file.Path textFolder;
    private final Clock clock;
    private volatile Loaded loaded;

    @Context
    private HttpServletRequest request;

    @Activate
    public SurveyResource(@Reference SurveyAnswers surveys) {
        this(surveys, SurveyTextFiles.etcFolder(), Clock.systemUTC());
    }

    /** The page with the survey texts an administrator adds in {@code textFolder} ({@link SurveyTextFiles}). */
    public SurveyResource(SurveyAnswers surveys, java.nio.file.Path textFolder, Clock clock) {
        this.surveys = surveys;
        this.textFolder = textFolder;
        this.clock = clock;
    }

    /**
     * The texts: the built-in languages and the folder's, read again once a minute at most, so that a
     * language an administrator adds is taken without a restart. A file at fault is logged, at its file
     * and line, when it is first met.
     */
    SurveyTexts texts() {
        Loaded now = loaded;
        if (now != null && clock.instant().isBefore(now.at().plus(REREAD))) {
            return now.texts();
        }
        SurveyTextFiles.Read read = SurveyTextFiles.read(textFolder);
        List<String> before = now == null ? List.of() : now.problems();
        read.problems().stream().filter(p -> !before.contains(p))
                .forEach(p -> LOG.error("Survey texts in {} not taken: {}", textFolder, p));
        Loaded next = new Loaded(new SurveyTexts(read.languages()), read.problems(), clock.instant());
        loaded = next;
        return next.texts();
    }

    /** What was wrong with the folder's files when it was last read (empty when all were taken). */
    List<String> problems() {
        texts();
        return loaded.problems();
    }

    /** The page's start in {@code language}: its title, and the language for the browser. */
    private String head(String language) {
        return "<!DOCTYPE html><html lang=\"" + language + "\"><head><meta charset=\"utf-8\"><title>"
                + texts().text(language, "title") + "</title></head><body>";
    }

    /** The question and its form in {@code language}. */
    String form(String language) {
        StringBuilder radios = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            radios.append("<label><input type=\"radio\" name=\"score\" value=\"").append(i).append("\" required> ")
                    .append(i).append("</label> ");
        }
        SurveyTexts texts = texts();
        return head(language) + "<form method=\"post\"><p>" + texts.text(language, "question") + "</p><p>" + radios
                + "</p><p><label>" + texts.text(language, "comment") + " <textarea name=\"comment\" "
                + "maxlength=\"2000\"></textarea></label></p><button type=\"submit\">" + texts.text(language, "send")
                + "</button></form></body></html>";
    }

    /** The language of the page for {@code token}: its contact's, by {@link SurveyTexts#language}. */
    private String language(String token) {
        return texts().language(surveys.language(token));
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

    private Response answered(SurveyAnswers.Answer answer, String language) {
        return switch (answer) {
            case ANSWERED -> page(200, said(language, "thanks"));
            case ALREADY_ANSWERED -> page(409, said(language, "answered"));
            case EXPIRED -> page(410, said(language, "closed"));
            case UNKNOWN -> page(404, said(language, "unknown"));
        };
    }

    private String said(String language, String key) {
        return head(language) + "<p>" + texts().text(language, key) + "</p></body></html>";
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
