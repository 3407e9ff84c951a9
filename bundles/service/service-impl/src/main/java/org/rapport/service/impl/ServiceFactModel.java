package org.rapport.service.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.rules.api.FactModel;
import org.rapport.service.facts.CaseProfile;
import org.rapport.service.facts.ServiceDecisions;

/** Contributes the service desk's fact types to the {@code service} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + ServiceDecisions.RULE_PACKAGE)
public class ServiceFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(CaseProfile.class, ServiceDecisions.class);
    }
}
