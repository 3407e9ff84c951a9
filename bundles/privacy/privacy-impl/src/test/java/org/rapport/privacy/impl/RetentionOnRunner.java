package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Duration;

import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.impl.ContactImports;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.privacy.spi.DataRetentionSource;
import org.rapport.rules.api.RulesEngine;
import org.rapport.testing.TestPersistence;

/**
 * Data retention as the bundle has it on the platform's job runner: a runner of its own (node
 * {@code node-a}) whose runs go to their end before the call that starts them returns.
 */
final class RetentionOnRunner {

    final DataRetentionSources sources = new DataRetentionSources();
    final JobRunnerImpl runner;
    final DataRetentionServiceImpl retention;

    RetentionOnRunner(TestPersistence db, RulesEngine engine, ContactService contacts, AuditLog audit, Clock clock,
            DataRetentionSource... registered) {
        runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1),
                null, clock), clock, null, Runnable::run);
        runner.addKind(new DataRetentionRuns(db.emf("rapport-privacy"), sources, engine, audit, clock));
        runner.addKind(new DataRetentionPreviews(db.emf("rapport-privacy"), sources, engine, audit, clock));
        for (DataRetentionSource source : registered) {
            sources.addSource(source);
        }
        retention = new DataRetentionServiceImpl(db.emf("rapport-privacy"), runner, contacts, audit, clock);
    }

    /** Contact imports on a runner of their own, for the contacts' erasure participant (which deletes their uploads). */
    static ContactImports imports(TestPersistence db) {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a",
                Duration.ofMinutes(1), null, Clock.systemUTC()), Clock.systemUTC(), null, Runnable::run);
        return new ContactImports(db.emf("rapport-contacts"), runner, new ContactPropertiesImpl(db.emf("rapport-contacts")),
                Clock.systemUTC());
    }
}
