package org.rapport.rest.impl;

import java.net.URI;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.features.Repository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.rest.Page;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;
import org.rapport.rest.impl.Operations.Operation;

/**
 * {@code /api/v1/features}: Rapport's features, installed or not, and every other feature
 * installed in the container, for administrators, who install and uninstall Rapport's own
 * features here ({@code POST /features/{name}/install}, {@code …/uninstall}: 202, then
 * {@code GET /features/{name}} shows the operation's progress and result). Only the features of
 * Rapport's repository may be named; the container's own ({@code ssh}, {@code webconsole},
 * {@code deployer}) stay with the shell. The features the API and the console stand on are not
 * uninstalled from here, as that would cut the administrator off.
 */
@Component(service = FeaturesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("features")
@Produces(MediaType.APPLICATION_JSON)
public class FeaturesResource {

    /**
     * A feature and whether it is installed; {@code rapport} for the features of Rapport's own
     * repository; the latest install or uninstall asked here, or null.
     */
    public record FeatureView(String name, String version, String description, boolean installed, boolean rapport,
            Operation operation) {
    }

    /** Where Rapport's features come from: its features repository, by its Maven coordinates. */
    static final String REPOSITORY = "mvn:org.rapport/rapport-features/";
    /** A Rapport feature's name: never a URL, a path or a version range. */
    static final Pattern NAME = Pattern.compile("rapport(-[a-z][a-z0-9]{0,30}){0,3}");
    /** Uninstalling one of these from the API would take the API or the console away. */
    static final Set<String> NEEDED = Set.of("rapport", "rapport-persistence", "rapport-rules",
            "rapport-rest", "rapport-console");

    private final FeaturesService features;
    private final Operations operations = new Operations("rapport-features");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public FeaturesResource(@Reference FeaturesService features) {
        this.features = features;
    }

    @Deactivate
    void deactivate() {
        operations.close();
    }

    @GET
    @Access(roles = Roles.ADMIN)
    public Page<FeatureView> list() {
        try {
            return Page.all(Stream.of(features.listFeatures())
                    .map(f -> view(f, isRapport(f)))
                    .filter(f -> f.installed() || f.rapport())
                    .distinct()
                    .sorted(Comparator.comparing(FeatureView::rapport).reversed().thenComparing(FeatureView::name))
                    .toList());
        } catch (Exception e) {
            throw new ApiException(503, "unavailable", "the features could not be listed: " + e.getMessage());
        }
    }

    @GET
    @Path("{name}")
    @Access(roles = Roles.ADMIN)
    public FeatureView get(@PathParam("name") String name) {
        return view(rapportFeature(name, repositories()), true);
    }

    @POST
    @Path("{name}/install")
    @Access(roles = Roles.ADMIN)
    public Response install(@PathParam("name") String name, @Context SecurityContext caller) {
        Feature feature = rapportFeature(name, repositories());
        if (features.isInstalled(feature)) {
            throw ApiException.conflict("the feature " + name + " is installed already");
        }
        return start(feature, "install", "installing", "installed", caller,
                () -> features.installFeature(feature.getName(), feature.getVersion(), EnumSet.noneOf(FeaturesService.Option.class)));
    }

    @POST
    @Path("{name}/uninstall")
    @Access(roles = Roles.ADMIN)
    public Response uninstall(@PathParam("name") String name, @Context SecurityContext caller) {
        Feature feature = rapportFeature(name, repositories());
        if (NEEDED.contains(feature.getName())) {
            throw ApiException.conflict("the feature " + name + " carries the API and the console and is not uninstalled "
                    + "from them; use the shell's feature:uninstall");
        }
        if (!features.isInstalled(feature)) {
            throw ApiException.conflict("the feature " + name + " is not installed");
        }
        if (!features.isRequired(feature)) {
            throw ApiException.conflict("the feature " + name + " was installed as part of another feature (such as "
                    + "rapport), not by itself: it goes when that one is uninstalled");
        }
        return start(feature, "uninstall", "uninstalling", "uninstalled", caller,
                () -> features.uninstallFeature(feature.getName(), feature.getVersion(), EnumSet.noneOf(FeaturesService.Option.class)));
    }

    private Response start(Feature feature, String action, String running, String done, SecurityContext caller,
            Operations.Work work) {
        String actor = caller.getUserPrincipal().getName();
        operations.start(feature.getName(), action, running, done, actor, work,
                end -> AuditTrail.send(events, actor, "feature." + action, "feature " + feature.getName(), null,
                        end.error() == null ? end.state() : "failed: " + end.error()));
        return Response.accepted(view(feature, true)).build();
    }

    private FeatureView view(Feature f, boolean rapport) {
        Optional<Operation> operation = rapport ? operations.find(f.getName()) : Optional.empty();
        return new FeatureView(f.getName(), f.getVersion(), f.getDescription(), features.isInstalled(f), rapport,
                operation.orElse(null));
    }

    private Repository[] repositories() {
        try {
            return features.listRepositories();
        } catch (Exception e) {
            throw new ApiException(503, "unavailable", "the feature repositories could not be read: " + e.getMessage());
        }
    }

    /**
     * The feature of Rapport's repository named {@code name}: a 403 for a name that is not a Rapport
     * feature's (the container's own features, URLs, paths), a 404 for one that Rapport does not have.
     */
    static Feature rapportFeature(String name, Repository[] repositories) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ApiException(403, "forbidden", "only Rapport's own features (rapport, rapport-…) are installed and "
                    + "uninstalled here, not '" + Messages.elide(name, 60) + "'; the container's features stay with the shell");
        }
        for (Repository repository : repositories) {
            URI uri = repository.getURI();
            if (uri != null && uri.toString().startsWith(REPOSITORY)) {
                for (Feature feature : repository.getFeatures()) {
                    if (feature.getName().equals(name)) {
                        return feature;
                    }
                }
            }
        }
        throw ApiException.notFound("Rapport feature", name);
    }

    private static boolean isRapport(Feature feature) {
        return feature.getName().equals("rapport") || feature.getName().startsWith("rapport-");
    }
}
