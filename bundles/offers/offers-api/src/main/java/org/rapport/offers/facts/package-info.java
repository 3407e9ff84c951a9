/**
 * What the {@code offers} rules see ({@link org.rapport.offers.facts.OfferProfile}, and the offers plugins
 * propose, {@link org.rapport.offers.facts.OfferCandidate}) and the decisions
 * they make ({@link org.rapport.offers.facts.OfferDecisions}).
 */
@Export
@Version("1.1.0")
package org.rapport.offers.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
