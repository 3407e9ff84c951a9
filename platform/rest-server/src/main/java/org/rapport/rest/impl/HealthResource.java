package org.rapport.rest.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.rapport.persistence.Cluster;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;

/**
 * {@code GET /api/v1/health}: whether Rapport is up (or still starting), its version, which node answers, and the
 * rule release each package runs on that node (behind a load balancer, each node answers for
 * itself).
 */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** An active rule release as the health check shows it. */
    public record RuleRelease(String rulePackage, String state, Long version, String hash, Instant activatedAt) {
    }

    /**
     * {@code status} is STARTING until every installed Rapport feature is served ({@code starting}
     * names those that are not yet); then UP when every known rule package has an active release
     * (or was withdrawn with the bundle that carried it), else DEGRADED.
     */
    public record Health(String status, String version, String node, List<RuleRelease> rules, List<String> starting) {
    }

    /** For load balancers: whether this node serves every installed Rapport feature, and which it does not yet. */
    public record Ready(boolean ready, List<String> waitingFor) {
    }

    /** Rapport's version: this bundle's, looked up once. */
    static final String VERSION = FrameworkUtil.getBundle(HealthResource.class) == null ? "unknown"
            : FrameworkUtil.getBundle(HealthResource.class).getVersion().toString();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile RulesEngine rules;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Cluster cluster;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Readiness readiness;

    /**
     * {@code GET /api/v1/health/ready}: 200 once every installed Rapport feature's REST resources
     * and shell commands are served, 503 until then (and whenever one is not), naming the features
     * waited for. Load balancers send traffic to a node only on a 200 here.
     */
    @GET
    @Path("ready")
    @Public
    public Response ready() {
        List<String> waiting = starting();
        return Response.status(waiting.isEmpty() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(new Ready(waiting.isEmpty(), waiting)).build();
    }

    /** The Rapport features not served yet; all of Rapport while readiness itself is not known. */
    private List<String> starting() {
        Readiness check = readiness;
        return check == null ? List.of("rapport") : List.copyOf(check.pending().keySet());
    }

    @GET
    @Public
    public Health health() {
        List<RuleRelease> releases = new ArrayList<>();
        boolean degraded = false;
        RulesEngine engine = rules;
        if (engine != null) {
            for (RulePackageStatus status : engine.packages()) {
                Release active = status.active().orElse(null);
                // A package withdrawn with its bundle is meant to be idle.
                degraded |= active == null && status.state() != RulePackageStatus.State.WITHDRAWN;
                releases.add(new RuleRelease(status.name(), status.state().name(), active == null ? null : active.version(),
                        active == null ? null : active.hash(), active == null ? null : active.activatedAt()));
            }
        }
        Cluster nodes = cluster;
        List<String> starting = starting();
        String status = !starting.isEmpty() ? "STARTING" : degraded ? "DEGRADED" : "UP";
        return new Health(status, VERSION, nodes == null ? null : nodes.node(), releases, starting);
    }
}
