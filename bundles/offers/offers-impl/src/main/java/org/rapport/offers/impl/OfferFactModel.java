package org.rapport.offers.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.offers.facts.OfferCandidate;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.facts.OfferProfile;
import org.rapport.rules.api.FactModel;

/** Contributes the offers fact types to the {@code offers} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + OfferDecisions.RULE_PACKAGE)
public class OfferFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(OfferProfile.class, OfferCandidate.class, OfferDecisions.class);
    }
}
