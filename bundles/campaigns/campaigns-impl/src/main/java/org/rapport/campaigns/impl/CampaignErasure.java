package org.rapport.campaigns.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * A contact's places in campaigns' recipient lists (the campaign, the variant it got, what became
 * of its message, when it unsubscribed) are exported with it, and erasure deletes them; the
 * campaigns' figures then count the contact no more. The message itself is the communication
 * capability's, and its consent records privacy's.
 */
@Component(service = ErasureParticipant.class)
public class CampaignErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;

    @Activate
    public CampaignErasure(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public String name() {
        return "campaigns";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        return Transactions.read(emf, em -> {
            List<Map<String, Object>> places = new ArrayList<>();
            for (Object[] row : em.createQuery("select c.name, r.variant, r.status, r.reason, r.unsubscribedAt, "
                    + "r.queuedAt, r.openedAt, r.clickedAt, r.convertedAt, r.revenue, r.offerCode, r.offerAcceptedAt "
                    + "from RecipientEntity r, "
                    + "CampaignEntity c where r.campaignId = c.id and r.contactId = :contact order by r.id",
                    Object[].class).setParameter("contact", contactId).getResultList()) {
                Map<String, Object> place = new LinkedHashMap<>();
                place.put("campaign", row[0]);
                place.put("variant", row[1]);
                place.put("status", row[2].toString().toLowerCase(java.util.Locale.ROOT));
                place.put("reason", row[3]);
                String[] times = {"unsubscribedAt", "queuedAt", "openedAt", "clickedAt", "convertedAt"};
                for (int i = 0; i < times.length; i++) {
                    place.put(times[i], row[4 + i] == null ? null : row[4 + i].toString());
                }
                place.put("revenue", row[9] == null ? null : row[9].toString());
                place.put("offer", row[10]);
                place.put("offerAcceptedAt", row[11] == null ? null : row[11].toString());
                places.add(place);
            }
            return Map.of("recipients", places);
        });
    }

    @Override
    public String erase(long contactId) {
        int deleted = Transactions.inTransaction(emf, em -> em.createQuery("delete from RecipientEntity r where "
                + "r.contactId = :contact").setParameter("contact", contactId).executeUpdate());
        return deleted + " place(s) in campaigns' recipient lists deleted";
    }
}
