package org.rapport.retention.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.rest.Roles;
import org.rapport.retention.facts.CustomerActivity;

/**
 * The retention sweep as a kind of job of the platform's runner: a page of customers, in the order
 * of their contact ids, evaluated in one go. The runner keeps the cursor (the last customer of the
 * last page), the lock that keeps sweeps to one node, and the takeover of a dead node's sweep. A
 * page evaluated again raises nothing new: an open episode is not raised twice.
 */
@Component(service = JobKind.class)
public class RetentionSweepPages implements JobKind {

    static final String KIND = "retention.sweep";
    /** What a sweep counts besides the customers it evaluated, as {@code SweepRun} shows them. */
    static final String OPENED = "opened";
    static final String CLOSED = "closed";
    private static final int PAGE = 200;

    private final RetentionServiceImpl retention;

    @Activate
    public RetentionSweepPages(@Reference RetentionServiceImpl retention) {
        this.retention = retention;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return "retention sweep";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ANALYST);
    }

    @Override
    public long total() {
        return retention.customers();
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        List<CustomerActivity> page = retention.activitiesAfter(cursor == null ? 0 : Long.parseLong(cursor), PAGE);
        if (page.isEmpty()) {
            return Optional.empty();
        }
        RetentionServiceImpl.Applied applied = retention.evaluateAll(page, "retention sweep " + job.id());
        long opened = applied.opened().size();
        return Optional.of(new JobPage(Long.toString(page.get(page.size() - 1).getContactId()), page.size(),
                opened + applied.closed(), Map.of(OPENED, opened, CLOSED, (long) applied.closed())));
    }
}
