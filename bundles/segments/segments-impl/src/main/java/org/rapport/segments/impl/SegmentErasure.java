package org.rapport.segments.impl;

import java.time.Instant;
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
 * Profiling results are personal data too: the segments a contact is in and its RFM scores are
 * exported with it, and go when it is erased. Runs before the contacts' participant, so a contact
 * is never gone while it is still in a segment.
 */
@Component(service = ErasureParticipant.class)
public class SegmentErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;

    @Activate
    public SegmentErasure(@Reference(target = "(osgi.unit.name=rapport-segments)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public String name() {
        return "segments";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        return Transactions.read(emf, em -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("segments", em.createQuery("select m.segment from SegmentMemberEntity m where m.contactId = :c "
                    + "order by m.segment", String.class).setParameter("c", contactId).getResultList());
            RfmScoreEntity rfm = em.find(RfmScoreEntity.class, contactId);
            if (rfm != null) {
                data.put("rfm", rfm.toDto());
            }
            return data;
        });
    }

    @Override
    public String erase(long contactId) {
        int memberships = Transactions.inTransaction(emf, em -> Memberships.forget(em, List.of(contactId), Instant.now()));
        return memberships == 0 ? "in no segment; RFM scores deleted" : "taken out of " + memberships
                + " segment(s); RFM scores deleted";
    }
}
