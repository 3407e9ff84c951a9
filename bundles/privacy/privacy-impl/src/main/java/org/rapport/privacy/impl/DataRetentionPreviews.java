package org.rapport.privacy.impl;

import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.jobs.JobKind;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rules.api.RulesEngine;

/** Data-retention previews, dry runs that count and change nothing ({@value DataRetentionKind#PREVIEW}): analysts start them. */
@Component(service = JobKind.class)
public class DataRetentionPreviews extends DataRetentionKind {

    @Activate
    public DataRetentionPreviews(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference DataRetentionSources sources, @Reference RulesEngine rules, @Reference AuditLog audit) {
        this(emf, sources, rules, audit, Clock.systemUTC());
    }

    public DataRetentionPreviews(EntityManagerFactory emf, DataRetentionSources sources, RulesEngine rules,
            AuditLog audit, Clock clock) {
        super(true, emf, sources, rules, audit, clock);
    }
}
