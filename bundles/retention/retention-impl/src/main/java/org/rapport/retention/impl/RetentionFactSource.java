package org.rapport.retention.impl;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;

/** Every customer's activity, for previews of candidate retention rules. */
@Component(property = FactModel.RULE_PACKAGE + "=" + RetentionDecisions.RULE_PACKAGE)
public class RetentionFactSource implements FactSource {

    private final RetentionServiceImpl retention;

    @Activate
    public RetentionFactSource(@Reference RetentionServiceImpl retention) {
        this.retention = retention;
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
        long last = 0;
        while (true) {
            List<CustomerActivity> page = retention.activitiesAfter(last, batchSize);
            if (page.isEmpty()) {
                return;
            }
            batch.accept(page);
            last = page.get(page.size() - 1).getContactId();
        }
    }

    @Override
    public long count() {
        return retention.customers();
    }
}
