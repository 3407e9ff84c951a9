package org.rapport.campaigns.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.campaigns.facts.CampaignDecisions;
import org.rapport.campaigns.facts.CandidateMessage;
import org.rapport.rules.api.FactModel;

/** Contributes the campaigns' fact types to the {@code campaigns} rule package (caps and quiet hours). */
@Component(property = FactModel.RULE_PACKAGE + "=" + CampaignDecisions.RULE_PACKAGE)
public class CampaignFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(CandidateMessage.class, CampaignDecisions.class);
    }
}
