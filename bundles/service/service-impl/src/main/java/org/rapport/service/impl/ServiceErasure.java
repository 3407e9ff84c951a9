package org.rapport.service.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.ServiceCase;

/**
 * A contact's cases, with their threads, are exported with it: all of them for an administrator,
 * for anyone else only what the queues they may see and the notes they may read allow. Erasure
 * anonymises them: the subject and the text of every entry go, and so do the link to the contact,
 * the customer's tier and the rules' decisions about the cases (made on those facts), the
 * customers' attachments, and a satisfaction survey's comment, contact and link (its score stays);
 * queue, priority, channel, status, times and targets stay for the queues' figures, and the entries'
 * kinds, authors (agents) and times for the record of the work.
 */
@Component(service = ErasureParticipant.class)
public class ServiceErasure implements ErasureParticipant {

    static final String ERASED = "(erased)";

    private final EntityManagerFactory emf;
    private final DecisionLedger ledger;
    private final CaseServiceImpl desk;

    @Activate
    public ServiceErasure(@Reference(target = "(osgi.unit.name=rapport-service)") EntityManagerFactory emf,
            @Reference DecisionLedger ledger, @Reference CaseServiceImpl desk) {
        this.emf = emf;
        this.ledger = ledger;
        this.desk = desk;
    }

    @Override
    public String name() {
        return "service";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        return export(contactId, (Viewer) null);
    }

    /**
     * An administrator's export, for the data subject, is complete. Anyone else's holds what they
     * read on the REST paths: a case of a queue they may not see ({@code queueAccess}) is named by
     * its id only, without its queue, subject, thread, survey or files, as on the contact's timeline
     * (an agent may take a contact's export), and a partner's key gets the threads without internal notes.
     */
    @Override
    public Map<String, Object> export(long contactId, ExportRequester requester) {
        return export(contactId, requester.complete() ? null : Viewer.of(requester.name(), requester.roles()::contains));
    }

    /** The contact's cases as {@code viewer} may read them; all of everything for null. */
    private Map<String, Object> export(long contactId, Viewer viewer) {
        return Transactions.read(emf, em -> {
            List<Map<String, Object>> cases = new ArrayList<>();
            for (CaseEntity c : cases(em, contactId)) {
                if (viewer != null && !desk.access().sees(viewer.name(), viewer.roles(), c.queue)) {
                    Map<String, Object> kept = new LinkedHashMap<>();
                    kept.put("id", c.id);
                    kept.put("kept", "kept by service");
                    cases.add(kept);
                    continue;
                }
                List<CaseEntry> thread = em.createQuery("select e from CaseEntryEntity e where e.caseId = :id "
                        + "order by e.id", CaseEntryEntity.class).setParameter("id", c.id).getResultList().stream()
                        .map(CaseEntryEntity::toEntry).toList();
                Map<String, Object> exported = exported(c.toCase(), viewer == null ? thread : viewer.readable(thread));
                for (SurveyEntity s : Surveys.ofCase(em, c.id)) {
                    Map<String, Object> survey = new LinkedHashMap<>();
                    survey.put("state", s.state);
                    survey.put("sentAt", s.sentAt.toString());
                    survey.put("score", s.score);
                    survey.put("comment", s.comment);
                    survey.put("answeredAt", s.answeredAt == null ? null : s.answeredAt.toString());
                    exported.put("survey", survey);
                }
                exported.put("attachments", em.createQuery("select a.name, a.contentType, a.size from AttachmentEntity a "
                        + "where a.caseId = :id order by a.id", Object[].class).setParameter("id", c.id).getResultList()
                        .stream().map(r -> Map.of("name", r[0], "contentType", r[1], "size", r[2])).toList());
                cases.add(exported);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("cases", cases);
            return data;
        });
    }

    @Override
    public String erase(long contactId) {
        int[] counts = Transactions.inTransaction(emf, em -> {
            List<CaseEntity> cases = cases(em, contactId);
            int entries = 0;
            int decisions = 0;
            for (CaseEntity c : cases) {
                c.subject = ERASED;
                c.contactId = null;
                c.tier = null;
                entries += em.createQuery("update CaseEntryEntity e set e.text = :erased, e.deliveryReason = null "
                        + "where e.caseId = :id")
                        .setParameter("erased", ERASED).setParameter("id", c.id).executeUpdate();
                decisions += ledger.forget(ServiceCase.decisionSubject(c.id));
                em.createQuery("delete from AttachmentEntity a where a.caseId = :id").setParameter("id", c.id)
                        .executeUpdate();
                // The survey's link dies with its secret; the score stays for the figures, the words go.
                em.createQuery("update SurveyEntity s set s.contactId = null, s.secret = null, s.comment = null, "
                        + "s.reason = null where s.caseId = :id").setParameter("id", c.id).executeUpdate();
            }
            return new int[] {cases.size(), entries, decisions};
        });
        return counts[0] + " case(s) anonymised: subject and the text of " + counts[1] + " entries erased, " + counts[2]
                + " decision(s) about them deleted (queues, statuses, times and targets kept)";
    }

    private static List<CaseEntity> cases(EntityManager em, long contactId) {
        return em.createQuery("select c from CaseEntity c where c.contactId = :contact order by c.id", CaseEntity.class)
                .setParameter("contact", contactId).getResultList();
    }

    private static Map<String, Object> exported(ServiceCase c, List<CaseEntry> thread) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("subject", c.subject());
        m.put("channel", c.channel());
        m.put("priority", c.priority().label());
        m.put("queue", c.queue());
        m.put("status", c.status().label());
        m.put("assignee", c.assignee());
        m.put("createdAt", c.createdAt().toString());
        List<Map<String, Object>> entries = new ArrayList<>();
        for (CaseEntry e : thread) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", e.kind().label());
            entry.put("author", e.author());
            entry.put("text", e.text());
            entry.put("at", e.createdAt().toString());
            entries.add(entry);
        }
        m.put("thread", entries);
        return m;
    }
}
