package org.rapport.privacy.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.privacy.facts.RetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.rules.api.FactModel;

/** Contributes the retention fact types to the {@code privacy} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + RetentionDecisions.RULE_PACKAGE)
public class PrivacyFactModel implements FactModel {

    @Override
    public Set<Class<?>> factTypes() {
        return Set.of(StoredRecord.class, RetentionDecisions.class);
    }
}
