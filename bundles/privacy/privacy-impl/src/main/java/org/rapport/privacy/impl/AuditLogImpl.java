package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.AuditEntry;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rules.api.RuleEvents;

/**
 * The audit log (table {@code AUDIT_LOG}), fed directly by this bundle, by events on
 * {@link AuditEvents#TOPIC} from the others, and by the rules engine's release events.
 */
@Component(service = {AuditLog.class, EventHandler.class}, property = {
    EventConstants.EVENT_TOPIC + "=" + AuditEvents.TOPIC,
    EventConstants.EVENT_TOPIC + "=" + RuleEvents.RELEASE_ACTIVATED,
    EventConstants.EVENT_TOPIC + "=" + RuleEvents.RELEASE_WITHDRAWN,
    EventConstants.EVENT_TOPIC + "=" + RuleEvents.ALLOW_LIST_CHANGED})
public class AuditLogImpl implements AuditLog, EventHandler {

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public AuditLogImpl(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    AuditLogImpl(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public AuditEntry record(String actor, String action, String subject, String before, String after, Long contactId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return Transactions.inTransaction(emf, em -> {
            AuditEntity entry = new AuditEntity(now, actor, action, subject, before, after, contactId);
            em.persist(entry);
            em.flush();
            return entry.toEntry();
        });
    }

    @Override
    public void handleEvent(Event event) {
        switch (event.getTopic()) {
            case AuditEvents.TOPIC -> {
                Object contact = event.getProperty(AuditEvents.CONTACT_ID);
                record(text(event, AuditEvents.ACTOR), text(event, AuditEvents.ACTION), text(event, AuditEvents.SUBJECT),
                        text(event, AuditEvents.BEFORE), text(event, AuditEvents.AFTER),
                        contact instanceof Number n ? Long.valueOf(n.longValue()) : null);
            }
            case RuleEvents.RELEASE_ACTIVATED -> record(text(event, RuleEvents.AUTHOR), "rules.release",
                    "rule package " + text(event, RuleEvents.PACKAGE), null, "v" + event.getProperty(RuleEvents.VERSION)
                            + " active, hash " + text(event, RuleEvents.HASH) + ", from " + text(event, RuleEvents.ORIGIN),
                    null);
            case RuleEvents.RELEASE_WITHDRAWN -> record("system", "rules.withdraw",
                    "rule package " + text(event, RuleEvents.PACKAGE), "v" + event.getProperty(RuleEvents.VERSION)
                            + " from " + text(event, RuleEvents.ORIGIN), "withdrawn", null);
            case RuleEvents.ALLOW_LIST_CHANGED -> record("administrator", "rules.allow-list",
                    "rules' allow-list", null, text(event, RuleEvents.ALLOW_LIST), null);
            default -> {
                // Only the topics above are subscribed.
            }
        }
    }

    private static String text(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? null : value.toString();
    }

    @Override
    public List<AuditEntry> find(String subject, String actor, String actionPrefix, int limit) {
        return Transactions.read(emf, em -> {
            StringBuilder jpql = new StringBuilder("select a from AuditEntity a where 1 = 1");
            if (subject != null) {
                jpql.append(" and a.subject = :subject");
            }
            if (actor != null) {
                jpql.append(" and a.actor = :actor");
            }
            if (actionPrefix != null) {
                jpql.append(" and a.action like :action");
            }
            TypedQuery<AuditEntity> query = em.createQuery(jpql.append(" order by a.at desc, a.id desc").toString(),
                    AuditEntity.class);
            if (subject != null) {
                query.setParameter("subject", subject);
            }
            if (actor != null) {
                query.setParameter("actor", actor);
            }
            if (actionPrefix != null) {
                query.setParameter("action", actionPrefix.replace("%", "") + "%");
            }
            return query.setMaxResults(Math.max(1, Math.min(limit, 1000))).getResultList().stream()
                    .map(AuditEntity::toEntry).toList();
        });
    }
}
