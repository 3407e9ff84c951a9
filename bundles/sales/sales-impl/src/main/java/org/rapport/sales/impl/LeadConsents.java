package org.rapport.sales.impl;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.sales.api.SalesValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent a lead was captured with, recorded through the consent service as grants for every
 * channel, with where it was given ({@code web form website-contact}) and the lead as proof. A lead
 * without a contact keeps its purposes until its conversion gives it one.
 */
final class LeadConsents {

    private static final Logger LOG = LoggerFactory.getLogger(LeadConsents.class);

    private final ConsentService consents;

    LeadConsents(ConsentService consents) {
        this.consents = consents;
    }

    /** The purposes, checked against the configured ones, as stored with a lead ({@code a,b}), or null for none. */
    String check(Collection<String> purposes) {
        if (purposes.isEmpty()) {
            return null;
        }
        List<String> known = consents.purposes();
        Set<String> given = new TreeSet<>();
        for (String purpose : purposes) {
            if (purpose == null || !known.contains(purpose.strip())) {
                throw SalesValidationException.of("consents", "'" + Texts.shorten(purpose) + "' is not a consent "
                        + "purpose; one of " + String.join(", ", known));
            }
            given.add(purpose.strip());
        }
        return String.join(",", given);
    }

    /**
     * Records the purposes as grants for the contact. Runs after the lead's own transaction: a
     * contact erased in between is logged, not an error of the capture.
     */
    void record(long contactId, String purposes, String source, long leadId, String actor) {
        if (purposes == null) {
            return;
        }
        for (String purpose : Arrays.stream(purposes.split(",")).collect(Collectors.toList())) {
            try {
                consents.record(new ConsentChange(contactId, purpose, null, ConsentState.GRANTED, LawfulBasis.CONSENT,
                        source, "lead " + leadId, null), actor);
            } catch (IllegalArgumentException e) {
                LOG.warn("Consent to {} of lead {} not recorded for contact {}: {}", purpose, leadId, contactId,
                        e.getMessage());
            }
        }
    }
}
