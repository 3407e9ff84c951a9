package org.rapport.offers.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.rapport.offers.facts.OfferProfile;

/**
 * A plugin's offers: registered as a whiteboard service with the service property {@value #NAME}
 * (its name, 1 to 60 letters, digits, {@code -} or {@code _}), it proposes offers of the catalogue
 * for a customer, which the {@code offers} rules then rank like every other (they see each proposal
 * as an {@link org.rapport.offers.facts.OfferCandidate}). It is asked only about customers the consent
 * gate lets be profiled, through the platform's plugin guard: a source that fails or takes longer
 * than its budget proposes nothing that time and the customer's other offers are served; after
 * several faults in a row it is suspended until an administrator resumes it
 * ({@code plugins:guarded}, {@code plugins:resume offer-source <name>}).
 */
@ConsumerType
public interface OfferSource {

    /** The service property naming a source. */
    String NAME = "rapport.offer.source";

    /**
     * The offers this source proposes for the customer, best first; a proposal that names no offer
     * code (letters, digits, {@code -}, {@code _}) or a score outside 0 to 100 is left out, and an
     * offer the catalogue does not have, active and valid today, is never shown.
     *
     * @param profile the customer as the offers rules see them
     */
    List<OfferProposal> propose(OfferProfile profile);
}
