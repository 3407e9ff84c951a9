package org.rapport.jobs.impl;

import java.util.Optional;
import java.util.Set;

import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;

/** A kind of job with one page of one item, which the given role (and administrators) may see. */
public record OnePage(String kind, String role) implements JobKind {

    @Override
    public String title() {
        return "one page";
    }

    @Override
    public Set<String> roles() {
        return Set.of(role);
    }

    @Override
    public long total() {
        return 1;
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        return cursor == null ? Optional.of(new JobPage("1", 1, 0)) : Optional.empty();
    }
}
