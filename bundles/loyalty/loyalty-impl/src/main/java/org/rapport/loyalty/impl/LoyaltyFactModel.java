package org.rapport.loyalty.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.loyalty.facts.Purchase;
import org.rapport.rules.api.FactModel;

/** Contributes the loyalty fact types to the {@code loyalty} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + LoyaltyDecisions.RULE_PACKAGE)
public class LoyaltyFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(MemberActivity.class, Purchase.class, LoyaltyDecisions.class);
    }
}
