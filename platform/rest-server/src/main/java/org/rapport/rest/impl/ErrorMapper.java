package org.rapport.rest.impl;

import java.util.List;
import java.util.UUID;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.ApiError;
import org.rapport.rest.FieldError;
import org.rapport.rest.ApiException;
import org.rapport.rest.RapportApi;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into the API's one error format, {@link ApiError}. A refusal a resource
 * meant ({@link ApiException}) keeps its status, code and fields; JAX-RS' own refusals (no such
 * path, wrong method or media type) get a stable code; rule files the gate refuses are a 422
 * naming each problem by {@code file:line:column}; rules that cannot decide are a 503;
 * anything else is a 500 whose message names an incident id that the server log carries with the
 * stack trace, and reveals nothing else. A long message is cut in the middle, so a refusal that
 * quotes a huge input does not send it back.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName(ErrorMapper.NAME)
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
public class ErrorMapper implements ExceptionMapper<Throwable> {

    static final String NAME = "rapport.errors";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Context
    private UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable failure) {
        if (failure instanceof ApiException refusal) {
            return response(refusal.toError());
        }
        if (failure instanceof RuleRejectedException rejected) {
            List<FieldError> problems = rejected.rejection().problems().stream()
                    .map(p -> new FieldError(p.location(), p.message())).toList();
            return response(new ApiError(422, "rules_rejected", rejected.getMessage(), problems));
        }
        if (failure instanceof RulesException rules) {
            return response(new ApiError(503, "rules_unavailable", rules.getMessage(), null));
        }
        if (failure instanceof WebApplicationException web) {
            Response original = web.getResponse();
            int status = original.getStatus();
            if (status < 500) {
                Response.ResponseBuilder builder = Response.fromResponse(original)
                        .entity(Messages.bounded(new ApiError(status, code(status), message(status, web), null)))
                        .type(MediaType.APPLICATION_JSON_TYPE);
                return builder.build();
            }
        }
        String incident = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("Incident {}: request {} failed", incident, path(), failure);
        return response(new ApiError(500, "internal_error",
                "the server could not complete the request; the server log has it as incident " + incident, null));
    }

    /** The response that carries {@code error}, as every refusal of the API is answered. */
    public static Response response(ApiError error) {
        return Response.status(error.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(Messages.bounded(error)).build();
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "authentication_required";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            default -> "http_" + status;
        };
    }

    private String message(int status, WebApplicationException web) {
        return switch (status) {
            case 404 -> "there is nothing at " + path();
            case 405 -> "this method is not allowed on " + path();
            case 406 -> "the resource at " + path() + " cannot answer in the media type asked for; it answers "
                    + MediaType.APPLICATION_JSON;
            case 415 -> "the request body must be " + MediaType.APPLICATION_JSON;
            default -> Messages.plain(web.getMessage());
        };
    }

    private String path() {
        try {
            return RapportApi.BASE_PATH + "/" + uriInfo.getPath(true).replaceFirst("^/", "");
        } catch (RuntimeException outsideRequest) {
            return "this path";
        }
    }
}
