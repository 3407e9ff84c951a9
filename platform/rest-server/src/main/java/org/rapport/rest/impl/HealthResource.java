package org.rapport.rest.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

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
 * {@code GET /api/v1/health}: whether Rapport is up, its version, which node answers, and the
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
     * {@code status} is UP when every known rule package has an active release (or was withdrawn
     * with the bundle that carried it), else DEGRADED.
     */
    public record Health(String status, String version, String node, List<RuleRelease> rules) {
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
        return new Health(degraded ? "DEGRADED" : "UP", VERSION, nodes == null ? null : nodes.node(), releases);
    }
}
