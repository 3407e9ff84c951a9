package org.rapport.jobs;

import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A kind of long work a capability hands to the {@link JobRunner}, registered as a service. The
 * work goes in pages from a cursor: the runner asks for the page after the job's cursor, stores the
 * cursor the page answers with its counts, and asks again until there is no page left. A page does
 * its own writes in its own transaction, and the runner stores the cursor after it: a node that dies
 * in between leaves the page to be done again by the node that takes over, so a page done twice must
 * leave the data as once (decide again what is due, apply only what changes).
 */
@ConsumerType
public interface JobKind {

    /**
     * The kind's name, such as {@code loyalty.reevaluation}, unique in the product: it names the
     * cluster lock its runs hold, the REST path that starts one and the rows in the database.
     */
    String kind();

    /** What the work is, for people: {@code tier re-evaluation}. */
    String title();

    /** The roles, besides the administrator's, that may see, start and cancel runs of this kind. */
    Set<String> roles();

    /**
     * The roles, besides the administrator's, that may see runs of this kind: those of {@link #roles()}
     * unless the kind lets more people follow its runs than start or cancel them (analysts see the
     * data-retention runs that only administrators apply).
     */
    default Set<String> viewers() {
        return roles();
    }

    /** Whether people may start a run through {@code POST /api/v1/jobs/{kind}} and the shell. */
    default boolean startable() {
        return true;
    }

    /** How many items the work has, as a run starts: its progress is counted against it. */
    long total();

    /** How many items a run about {@code subject} has ({@link JobRunner#start(String, String, String)}). */
    default long total(String subject) {
        return total();
    }

    /**
     * The kind's own account of a run, beyond what every job shows (a contact import's refused rows
     * by number), shown with the job as {@code report} in {@code GET /api/v1/jobs/{id}}; empty for none.
     */
    default Optional<Object> report(Job job) {
        return Optional.empty();
    }

    /**
     * Does the page after {@code cursor}, in a transaction of its own.
     *
     * @param job    the run, for its id and who started it (for the capability's own records)
     * @param cursor where the last page ended, or null for the first page
     * @return what the page did and where it ended; empty when nothing is left after {@code cursor}
     */
    Optional<JobPage> page(Job job, String cursor);

    /**
     * Hands the kind the runner that took it, and null when the runner lets it go: a kind that
     * records its pages in its own transaction ({@link JobRunner#record}) or starts runs itself
     * keeps it. A kind must not reference the runner as a service: the runner binds every kind as
     * it activates, and a kind that waited for the runner would make a cycle of references.
     */
    default void boundTo(JobRunner runner) {
    }
}
