package org.rapport.offers.impl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.rapport.offers.api.OfferProposal;
import org.rapport.offers.api.OfferSource;
import org.rapport.offers.facts.OfferCandidate;
import org.rapport.offers.facts.OfferProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins' {@link OfferSource}s, asked through the platform's plugin guard (kind
 * {@value #KIND}): each call within {@code sourceBudgetMillis}, a source that throws or overruns
 * proposes nothing that time (the customer's other offers are served all the same), and after
 * {@code suspendSourceAfterFaults} faults in a row it is suspended, shown by {@code plugins:guarded},
 * until an administrator resumes it ({@code plugins:resume offer-source <name>}). A proposal that
 * names no offer code or has a score outside 0 to 100 is left out, with a line in the log. A plugin's
 * source is taken only when its manifest declares it ({@code offer-sources}, {@link PluginPolicy}).
 */
@Component(service = OfferSources.class, configurationPid = OffersConfig.PID)
public class OfferSources {

    static final String KIND = "offer-source";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Logger LOG = LoggerFactory.getLogger(OfferSources.class);

    private final Map<String, OfferSource> sources = new ConcurrentHashMap<>();
    private final PluginGuard guard;
    private final PluginPolicy policy;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public OfferSources(OffersConfig config, BundleContext context) {
        this(Duration.ofMillis(Math.max(1, config.sourceBudgetMillis())), Math.max(1, config.suspendSourceAfterFaults()),
                Clock.systemUTC(), null, context);
    }

    /**
     * @param audit where the guard's audit events go; null: Event Admin, when it is there
     */
    OfferSources(Duration budget, int suspendAfter, Clock clock, Consumer<Event> audit) {
        this(budget, suspendAfter, clock, audit, null);
    }

    /**
     * @param context the bundle's context, to hold plugins to their manifests; null outside a framework
     *        (tests), where every source is taken
     */
    private OfferSources(Duration budget, int suspendAfter, Clock clock, Consumer<Event> audit, BundleContext context) {
        Consumer<Event> audits = audit != null ? audit : event -> {
            EventAdmin admin = this.events;
            if (admin != null) {
                admin.postEvent(event);
            }
        };
        this.guard = PluginGuards.open(GuardPolicy.of(KIND, "Offer source", budget, suspendAfter)
                .withWhileSuspended("it proposes no offers").withResumeCommand("plugins:resume " + KIND), clock,
                audits);
        this.policy = PluginPolicy.open("Offer sources", context, audits);
    }

    @Deactivate
    void close() {
        guard.close();
        sources.clear();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(OfferSource source, Map<String, Object> properties) {
        Object name = properties.get(OfferSource.NAME);
        String named = name != null && CODE.matcher(name.toString()).matches() ? name.toString()
                : "bundle " + properties.get("service.bundleid");
        if (!policy.admit(properties, Registration.OFFER_SOURCE, named)) {
            return; // the policy logged and audited the refusal
        }
        sources.put(named, source);
        if (guard.add(named)) {
            LOG.warn("Offer source '{}' registered again: the newer one replaces the older", named);
        }
    }

    void removeSource(OfferSource source) {
        sources.entrySet().removeIf(e -> {
            if (e.getValue() == source) {
                guard.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** What every source not suspended proposes for the customer, as the rules see it. */
    List<OfferCandidate> candidates(OfferProfile profile) {
        List<OfferCandidate> candidates = new ArrayList<>();
        sources.forEach((name, source) -> {
            List<OfferProposal> proposed;
            try {
                proposed = guard.call(name, "for contact " + profile.getContactId(), () -> source.propose(profile));
            } catch (PluginFault fault) {
                LOG.debug("Offer source '{}' proposed nothing: {}", name, fault.getMessage());
                return;
            }
            for (int i = 0; proposed != null && i < proposed.size(); i++) {
                OfferProposal p = proposed.get(i);
                if (p == null || p.offer() == null || !CODE.matcher(p.offer().strip()).matches() || p.score() < 0
                        || p.score() > 100) {
                    LOG.warn("Offer source '{}': proposal [{}] left out: an offer code (letters, digits, - and _) and a "
                            + "score from 0 to 100 are needed, not {}", name, i, p);
                    continue;
                }
                candidates.add(new OfferCandidate(profile.getContactId(), p.offer(), name, p.score()));
            }
        });
        return candidates;
    }
}
