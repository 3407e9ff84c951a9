package org.rapport.sales.impl.rest;

import java.util.Map;

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

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.ApiException;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.sales.impl.FormCapture;

/**
 * {@code /api/v1/forms/{key}}: the public web forms. Anyone may fetch a form's signed start time and
 * send the form back as a lead; the key only names a configured form. The answer to a submission
 * says it was received and nothing about the lead (not whether the address is a known contact).
 */
@Component(service = FormsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("forms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FormsResource {

    private final FormCapture forms;

    @Context
    private HttpServletRequest request;

    @Activate
    public FormsResource(@Reference FormCapture forms) {
        this.forms = forms;
    }

    @GET
    @Path("{key}")
    @Public
    public FormCapture.Issued issue(@PathParam("key") String key) {
        return forms.issue(key).orElseThrow(() -> ApiException.notFound("form", key));
    }

    @POST
    @Path("{key}/leads")
    @Public
    public Response submit(@PathParam("key") String key, FormCapture.Submission body) {
        if (body == null) {
            throw ApiException.invalid("body", "the form's fields: {\"name\", \"email\", ..., \"started\"}");
        }
        try {
            SalesErrors.call(() -> forms.submit(key, body, address())).orElseThrow(() -> ApiException.notFound("form", key));
        } catch (FormCapture.TooManySubmissions e) {
            throw new ApiException(429, "too_many_requests", e.getMessage());
        }
        return Response.status(201).entity(Map.of("received", true)).build();
    }

    /** The client's address as the API counts it: behind a trusted proxy, the client it names, not the proxy. */
    private String address() {
        try {
            return request.getRemoteAddr();
        } catch (RuntimeException outsideServlet) {
            return "unknown";
        }
    }
}
