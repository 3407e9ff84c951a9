package org.rapport.privacy.impl;

import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.jobs.JobKind;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rules.api.RulesEngine;

/** Data-retention runs that apply the rules ({@value DataRetentionKind#RUN}): administrators start and cancel them. */
@Component(service = JobKind.class)
public class DataRetentionRuns extends DataRetentionKind {

    @Activate
    public DataRetentionRuns(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference DataRetentionSources sources, @Reference RulesEngine rules, @Reference AuditLog audit) {
        this(emf, sources, rules, audit, Clock.systemUTC());
    }

    public DataRetentionRuns(EntityManagerFactory emf, DataRetentionSources sources, RulesEngine rules, AuditLog audit,
            Clock clock) {
        super(false, emf, sources, rules, audit, clock);
    }
}
