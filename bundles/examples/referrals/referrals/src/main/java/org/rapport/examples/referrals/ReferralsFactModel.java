package org.rapport.examples.referrals;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.examples.referrals.facts.ReferralDecisions;
import org.rapport.examples.referrals.facts.ReferredPurchase;
import org.rapport.rules.api.FactModel;

/** Contributes the referral fact types to the {@code referrals} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + ReferralDecisions.RULE_PACKAGE)
public class ReferralsFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(ReferredPurchase.class, ReferralDecisions.class);
    }
}
