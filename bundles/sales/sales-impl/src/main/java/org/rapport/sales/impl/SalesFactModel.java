package org.rapport.sales.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.rules.api.FactModel;
import org.rapport.sales.facts.LeadProfile;
import org.rapport.sales.facts.LeadScore;
import org.rapport.sales.facts.OpportunityActivity;
import org.rapport.sales.facts.SalesDecisions;

/** Contributes the sales fact types to the {@code sales} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + SalesDecisions.RULE_PACKAGE)
public class SalesFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(LeadProfile.class, LeadScore.class, OpportunityActivity.class, SalesDecisions.class);
    }
}
