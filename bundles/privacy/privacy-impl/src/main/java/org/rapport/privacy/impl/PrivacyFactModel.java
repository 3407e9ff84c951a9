package org.rapport.privacy.impl;

import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.facts.RetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.rules.api.FactModel;

/** Contributes the retention fact types to the {@code privacy} rule package. */
@Component(property = FactModel.RULE_PACKAGE + "=" + DataRetentionDecisions.RULE_PACKAGE)
public class PrivacyFactModel implements FactModel {

    /** Rule files written before the rename still name {@link RetentionDecisions}. */
    @Override
    @SuppressWarnings("deprecation")
    public Set<Class<?>> factTypes() {
        return Set.of(StoredRecord.class, DataRetentionDecisions.class, RetentionDecisions.class);
    }
}
