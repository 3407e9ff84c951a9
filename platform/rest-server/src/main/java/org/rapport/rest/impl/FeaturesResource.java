package org.rapport.rest.impl;

import java.util.Comparator;
import java.util.stream.Stream;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

/**
 * {@code GET /api/v1/features}: Rapport's features, installed or not, and every other feature
 * installed in the container, for administrators (installing and removing stays with the shell's
 * {@code feature:install} and {@code feature:uninstall}, or KAR files in {@code deploy/}).
 */
@Component(service = FeaturesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("features")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {

    /** A feature and whether it is installed; {@code rapport} for the features of Rapport's own repository. */
    public record FeatureView(String name, String version, String description, boolean installed, boolean rapport) {
    }

    private final FeaturesService features;

    @Activate
    public FeaturesResource(@Reference FeaturesService features) {
        this.features = features;
    }

    @GET
    @Access(roles = Roles.ADMIN)
    public Page<FeatureView> list() {
        try {
            return Page.all(Stream.of(features.listFeatures())
                    .map(f -> new FeatureView(f.getName(), f.getVersion(), f.getDescription(), features.isInstalled(f),
                            isRapport(f)))
                    .filter(f -> f.installed() || f.rapport())
                    .distinct()
                    .sorted(Comparator.comparing(FeatureView::rapport).reversed().thenComparing(FeatureView::name))
                    .toList());
        } catch (Exception e) {
            throw new ApiException(503, "unavailable", "the features could not be listed: " + e.getMessage());
        }
    }

    private static boolean isRapport(Feature feature) {
        return feature.getName().equals("rapport") || feature.getName().startsWith("rapport-");
    }
}
