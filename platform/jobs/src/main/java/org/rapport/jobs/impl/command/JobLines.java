package org.rapport.jobs.impl.command;

import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobRunner;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/** How the jobs:* commands write a job, and who may see it: the same roles as in REST. */
final class JobLines {

    private JobLines() {
    }

    static String line(Job job) {
        return String.format("%-8d %-22s %-11s %,d of %,d done, %,d changed; %s on %s, started %s%s", job.id(), job.kind(),
                job.state(), job.done(), job.total(), job.changed(), job.actor(), job.node(), job.startedAt(),
                (job.counts().isEmpty() ? "" : " " + job.counts())
                + (job.error() == null ? "" : " - " + job.error()));
    }

    /** Job {@code id}, if the user may see its kind; else as if there were none. */
    static Job visible(JobRunner runner, long id) {
        return runner.job(id).filter(j -> mayRun(runner, j.kind()))
                .orElseThrow(() -> new IllegalArgumentException("there is no job " + id));
    }

    static boolean mayRun(JobRunner runner, String kind) {
        String[] roles = runner.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst().map(JobKind::roles)
                .map(r -> r.toArray(String[]::new)).orElse(new String[] {Roles.ADMIN});
        return ShellUser.hasRole(roles);
    }
}
