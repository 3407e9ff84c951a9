package org.rapport.sales.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.Opportunity;

/**
 * A contact's leads (linked to it, or not linked yet but with its email address) and opportunities,
 * with their product lines, are exported with it. Erasure deletes those leads and the rules' decisions about them, and
 * anonymises the opportunities: name, next step, reasons and the link to the contact go, while
 * amount, stage and dates stay for the pipeline's figures. Runs before the contacts' participant,
 * which it needs to read the contact's address.
 */
@Component(service = ErasureParticipant.class)
public class SalesErasure implements ErasureParticipant {

    static final String ERASED = "(erased)";

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final DecisionLedger ledger;

    @Activate
    public SalesErasure(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference DecisionLedger ledger) {
        this.emf = emf;
        this.contacts = contacts;
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "sales";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        String email = email(contactId);
        return Transactions.read(emf, em -> {
            Map<String, Object> data = new LinkedHashMap<>();
            List<Map<String, Object>> leads = new ArrayList<>();
            for (LeadEntity lead : leads(em, contactId, email)) {
                leads.add(lead(lead.toLead()));
            }
            data.put("leads", leads);
            List<Map<String, Object>> opportunities = new ArrayList<>();
            for (OpportunityEntity o : opportunities(em, contactId)) {
                opportunities.add(opportunity(o.toOpportunity(), OpportunityLines.lines(em, o.id)));
            }
            data.put("opportunities", opportunities);
            return data;
        });
    }

    @Override
    public String erase(long contactId) {
        String email = email(contactId);
        int[] counts = Transactions.inTransaction(emf, em -> {
            List<LeadEntity> leads = leads(em, contactId, email);
            for (LeadEntity lead : leads) {
                em.remove(lead);
            }
            List<OpportunityEntity> opportunities = opportunities(em, contactId);
            for (OpportunityEntity o : opportunities) {
                o.name = ERASED;
                o.contactId = null;
                o.leadId = null;
                o.nextStep = null;
                o.closeReason = o.closeReason == null ? null : ERASED;
                em.createQuery("update StageChangeEntity c set c.reason = null where c.opportunityId = :id")
                        .setParameter("id", o.id).executeUpdate();
            }
            return new int[] {leads.size(), opportunities.size(),
                    leads.stream().mapToInt(l -> ledger.forget(Lead.subject(l.id))).sum()};
        });
        return counts[0] + " lead(s) and " + counts[2] + " decision(s) about them deleted; " + counts[1]
                + " opportunity(ies) anonymised (amounts and stages kept)";
    }

    private String email(long contactId) {
        return contacts.find(contactId).map(Contact::email).map(e -> e.toLowerCase(Locale.ROOT)).orElse(null);
    }

    private static List<LeadEntity> leads(EntityManager em, long contactId, String email) {
        return em.createQuery("select l from LeadEntity l where l.contactId = :contact or (l.contactId is null and "
                + "l.emailKey = :email) order by l.id", LeadEntity.class).setParameter("contact", contactId)
                .setParameter("email", email == null ? "" : email).getResultList();
    }

    private static List<OpportunityEntity> opportunities(EntityManager em, long contactId) {
        return em.createQuery("select o from OpportunityEntity o where o.contactId = :contact order by o.id",
                OpportunityEntity.class).setParameter("contact", contactId).getResultList();
    }

    private static Map<String, Object> lead(Lead l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("email", l.email());
        m.put("phone", l.phone());
        m.put("company", l.company());
        m.put("source", l.source());
        m.put("answers", l.answers());
        m.put("status", l.status().label());
        m.put("score", l.score());
        m.put("grade", l.grade());
        m.put("queue", l.queue());
        m.put("owner", l.owner());
        m.put("reason", l.reason());
        m.put("form", l.form());
        m.put("createdAt", l.createdAt().toString());
        return m;
    }

    private static Map<String, Object> opportunity(Opportunity o, List<OpportunityLineEntity> lines) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", o.id());
        m.put("name", o.name());
        m.put("amount", o.amount().toPlainString());
        m.put("currency", o.currency());
        m.put("stage", o.stage());
        m.put("expectedClose", o.expectedClose().toString());
        m.put("owner", o.owner());
        m.put("nextStep", o.nextStep());
        m.put("closeReason", o.closeReason());
        m.put("createdAt", o.createdAt().toString());
        List<Map<String, Object>> products = new ArrayList<>();
        for (OpportunityLineEntity line : lines) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("sku", line.sku);
            l.put("name", line.name);
            l.put("quantity", line.quantity.toPlainString());
            l.put("unitPrice", line.unitPrice.toPlainString());
            l.put("currency", line.currency);
            products.add(l);
        }
        m.put("lines", products);
        return m;
    }
}
