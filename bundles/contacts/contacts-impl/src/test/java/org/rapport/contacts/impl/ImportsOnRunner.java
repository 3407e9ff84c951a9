package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.rapport.contacts.api.ContactProperties;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.testing.TestPersistence;

/**
 * Contact imports as the bundle has them on the platform's job runner: a runner of its own (one
 * node), whose runs go to their end before the call that starts them returns, or to the node's
 * death after a number of pages.
 */
final class ImportsOnRunner {

    final JobRunnerImpl runner;
    final ContactImports imports;
    final ContactTransferImpl transfer;

    ImportsOnRunner(TestPersistence db, String node) {
        this(db, node, -1, new ContactPropertiesImpl(db.emf()));
    }

    /** With the property definitions of {@code properties}. */
    ImportsOnRunner(TestPersistence db, ContactProperties properties) {
        this(db, "node-a", -1, properties);
    }

    /**
     * A node that dies after {@code pages} pages of the import it runs: its runner stops between two
     * pages, and the run is left as a node that stops leaves it (running for another node on a
     * shared database, interrupted on a database of its own).
     */
    ImportsOnRunner(TestPersistence db, String node, int pages, ContactProperties properties) {
        Clock clock = Clock.systemUTC();
        runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), node, Duration.ofMinutes(1),
                null, clock), clock, null, Runnable::run);
        ImportPages kind = new ImportPages(db.emf(), properties, clock);
        runner.addKind(pages < 0 ? kind : new Dying(kind, pages));
        imports = new ContactImports(db.emf(), runner, properties, clock);
        transfer = new ContactTransferImpl(db.emf(), properties, imports);
    }

    /** The import kind on a node that dies after some pages. */
    private final class Dying implements JobKind {
        private final ImportPages kind;
        private int pagesLeft;

        Dying(ImportPages kind, int pages) {
            this.kind = kind;
            this.pagesLeft = pages;
        }

        @Override
        public Optional<JobPage> page(Job job, String cursor) {
            Optional<JobPage> page = kind.page(job, cursor);
            if (--pagesLeft == 0) {
                runner.deactivate();
            }
            return page;
        }

        @Override
        public String kind() {
            return kind.kind();
        }

        @Override
        public String title() {
            return kind.title();
        }

        @Override
        public Set<String> roles() {
            return kind.roles();
        }

        @Override
        public long total() {
            return kind.total();
        }

        @Override
        public long total(String subject) {
            return kind.total(subject);
        }

        @Override
        public void boundTo(JobRunner bound) {
            kind.boundTo(bound);
        }
    }
}
