package org.rapport.jobs.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;

import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.persistence.Transactions;

/**
 * A kind over the items 1 to {@code items}, {@code pageSize} a page, that records the cursor of
 * every page it was asked for, can fail once on the page holding one item, and can hold its pages
 * until a test lets them go.
 */
final class CountingKind implements JobKind {

    final List<String> asked = new CopyOnWriteArrayList<>();
    private final String name;
    private final int items;
    private final int pageSize;
    volatile int failOnceAt = -1;
    volatile CountDownLatch gate = new CountDownLatch(0);
    /** When set, each page records its progress itself, in a transaction of this unit. */
    volatile EntityManagerFactory recordIn;
    volatile JobRunnerImpl runner;
    final CountDownLatch inPage = new CountDownLatch(1);

    CountingKind(String name, int items, int pageSize) {
        this.name = name;
        this.items = items;
        this.pageSize = pageSize;
    }

    @Override
    public String kind() {
        return name;
    }

    @Override
    public String title() {
        return "counting";
    }

    @Override
    public Set<String> roles() {
        return Set.of("analyst");
    }

    @Override
    public long total() {
        return items;
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        asked.add(String.valueOf(cursor));
        inPage.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the page go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int after = cursor == null ? 0 : Integer.parseInt(cursor);
        if (after >= items) {
            return Optional.empty();
        }
        int last = Math.min(items, after + pageSize);
        if (failOnceAt > after && failOnceAt <= last) {
            failOnceAt = -1;
            throw new IllegalStateException("item cannot be done");
        }
        // Every even item is one the page changes.
        int even = (last / 2) - (after / 2);
        JobPage page = new JobPage(Integer.toString(last), last - after, even, Map.of("odd", (long) (last - after - even)));
        if (recordIn != null) {
            Transactions.run(recordIn, em -> runner.record(em, job, page));
        }
        return Optional.of(page);
    }
}
