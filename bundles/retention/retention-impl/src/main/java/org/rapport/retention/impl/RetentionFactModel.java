package org.rapport.retention.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.FactModel;

/** Contributes the retention fact types to the {@code retention} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + RetentionDecisions.RULE_PACKAGE)
public class RetentionFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(CustomerActivity.class, RetentionDecisions.class);
    }
}
