package org.rapport.retention.impl;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;

/**
 * Every customer's activity that the retention rules may see, for previews of candidate retention
 * rules: as the sweep does, the consent gate is asked for the configured {@code profilingPurpose}
 * first, and a customer it blocks (one who objected to profiling) is left out and counted with the
 * reason.
 */
@Component(property = FactModel.RULE_PACKAGE + "=" + RetentionDecisions.RULE_PACKAGE)
public class RetentionFactSource implements FactSource {

    static final String ACTION = "rule preview";
    private static final String REQUESTER = "preview of rule package '" + RetentionDecisions.RULE_PACKAGE + "'";

    private final RetentionServiceImpl retention;

    @Activate
    public RetentionFactSource(@Reference RetentionServiceImpl retention) {
        this.retention = retention;
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
        forEachBatch(batchSize, batch, (reason, subjects) -> {
        });
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch, LeftOut leftOut) {
        long last = 0;
        while (true) {
            List<CustomerActivity> page = retention.activitiesAfter(last, batchSize);
            if (page.isEmpty()) {
                return;
            }
            Set<Long> allowed = retention.profilable(page.stream().map(CustomerActivity::getContactId).toList(), ACTION,
                    REQUESTER);
            List<CustomerActivity> seen = page.stream().filter(a -> allowed.contains(a.getContactId())).toList();
            if (seen.size() < page.size()) {
                leftOut.leftOut(retention.notProfilableReason(), page.size() - seen.size());
            }
            if (!seen.isEmpty()) {
                batch.accept(seen);
            }
            last = page.get(page.size() - 1).getContactId();
        }
    }

    @Override
    public long count() {
        return retention.customers();
    }
}
