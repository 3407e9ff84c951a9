package org.rapport.offers.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.LastSeen;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.facts.OfferProfile;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.segments.api.SegmentService;

/**
 * Every stored customer's {@link OfferProfile} (each contact not merged into another), a page of
 * contacts at a time in id order, for
 * previews and shadow runs of the {@code offers} rules ("how many customers would get which offer"):
 * as deciding a customer's offers does ({@link OfferDecider}), the consent gate is asked for
 * {@code profilingPurpose} first, and a customer it blocks (one who objected to profiling) is left
 * out and counted with the reason; the gate records the block (action {@value #ACTION}). The plugins'
 * offer sources are asked about each customer let through, as when the offers are read, so a preview
 * sees their proposals ({@link org.rapport.offers.facts.OfferCandidate}s) beside the profiles.
 */
@Component(property = FactModel.RULE_PACKAGE + "=" + OfferDecisions.RULE_PACKAGE, configurationPid = OffersConfig.PID)
public class OfferFactSource implements FactSource {

    static final String ACTION = "rule preview";
    private static final String REQUESTER = "preview of rule package '" + OfferDecisions.RULE_PACKAGE + "'";

    private final ContactService contacts;
    private final LoyaltyService loyalty;
    private final SegmentService segments;
    private final ConsentGate gate;
    /** The purpose asked for; null: nobody is left out. */
    private final String purpose;
    /** The plugins' offer sources, or null for none. */
    private final OfferSources sources;

    @Activate
    public OfferFactSource(@Reference ContactService contacts, @Reference LoyaltyService loyalty,
            @Reference SegmentService segments, @Reference ConsentGate gate, @Reference OfferSources sources,
            OffersConfig config) {
        this(contacts, loyalty, segments, gate, config.profilingPurpose(), sources);
    }

    OfferFactSource(ContactService contacts, LoyaltyService loyalty, SegmentService segments, ConsentGate gate,
            String purpose) {
        this(contacts, loyalty, segments, gate, purpose, null);
    }

    OfferFactSource(ContactService contacts, LoyaltyService loyalty, SegmentService segments, ConsentGate gate,
            String purpose, OfferSources sources) {
        this.sources = sources;
        this.contacts = contacts;
        this.loyalty = loyalty;
        this.segments = segments;
        this.gate = gate;
        this.purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
    }

    @Override
    public long count() {
        return contacts.count();
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
        forEachBatch(batchSize, batch, (reason, subjects) -> {
        });
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch, LeftOut leftOut) {
        long after = 0;
        while (true) {
            List<Long> ids = contacts.lastSeen(after, Math.max(1, Math.min(batchSize, 1000))).stream()
                    .map(LastSeen::contactId).toList();
            if (ids.isEmpty()) {
                return;
            }
            after = ids.get(ids.size() - 1);
            // A contact merged into another is no customer of its own any more.
            List<Long> page = contacts.find(ids).stream().filter(c -> c.mergedInto() == null).map(Contact::id).toList();
            if (page.isEmpty()) {
                continue;
            }
            Set<Long> allowed = purpose == null ? new HashSet<>(page)
                    : ConsentGate.allowed(gate.checkProfiling(page, purpose, ACTION, REQUESTER));
            List<Object> facts = new ArrayList<>();
            int profiles = 0;
            for (long contactId : page) {
                if (allowed.contains(contactId)) {
                    OfferProfile profile = OfferDecider.profile(loyalty, segments, contactId);
                    facts.add(profile);
                    profiles++;
                    if (sources != null) {
                        facts.addAll(sources.candidates(profile));
                    }
                }
            }
            if (profiles < page.size()) {
                leftOut.leftOut("blocked by the consent gate for purpose '" + purpose + "'", page.size() - profiles);
            }
            if (!facts.isEmpty()) {
                batch.accept(facts);
            }
        }
    }
}
