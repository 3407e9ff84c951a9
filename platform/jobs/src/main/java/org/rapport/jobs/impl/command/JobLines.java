package org.rapport.jobs.impl.command;

import java.util.Set;
import java.util.function.Function;

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
        return runner.job(id).filter(j -> maySee(runner, j.kind()))
                .orElseThrow(() -> new IllegalArgumentException("there is no job " + id));
    }

    /** Job {@code id}, if the user may see it and start or cancel runs of its kind ({@code what}: "cancel"). */
    static Job ours(JobRunner runner, long id, String what) {
        Job job = visible(runner, id);
        if (!mayRun(runner, job.kind())) {
            throw new IllegalArgumentException("job " + id + " (" + job.kind() + ") is not yours to " + what
                    + ": the kind's roles may, and administrators");
        }
        return job;
    }

    /** Whether the user may see runs of {@code kind} ({@link JobKind#viewers()}). */
    static boolean maySee(JobRunner runner, String kind) {
        return has(runner, kind, JobKind::viewers);
    }

    /** Whether the user may start and cancel runs of {@code kind} ({@link JobKind#roles()}). */
    static boolean mayRun(JobRunner runner, String kind) {
        return has(runner, kind, JobKind::roles);
    }

    private static boolean has(JobRunner runner, String kind, Function<JobKind, Set<String>> roles) {
        String[] named = runner.kinds().stream().filter(k -> k.kind().equals(kind)).findFirst().map(roles)
                .map(r -> r.toArray(String[]::new)).orElse(new String[] {Roles.ADMIN});
        return ShellUser.hasRole(named);
    }
}
