package org.rapport.segments.impl;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactFacts;
import org.rapport.segments.api.SegmentService;

/** The segments a contact is in and its RFM scores, for {@code contacts:show}. */
@Component(service = ContactFacts.class)
public class SegmentFacts implements ContactFacts {

    /** As {@code contacts:show} writes its times. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final SegmentService segments;

    @Activate
    public SegmentFacts(@Reference SegmentService segments) {
        this.segments = segments;
    }

    @Override
    public Map<String, String> facts(long contactId) {
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> in = segments.segmentsOf(contactId);
        facts.put("Segments", in.isEmpty() ? null : String.join(", ", in));
        segments.rfm(contactId).ifPresent(r -> facts.put("RFM", r.code() + " (" + r.purchases() + " purchases, "
                + r.spent().stripTrailingZeros().toPlainString() + " spent, the latest " + TIME.format(r.lastPurchase()) + ")"));
        return facts;
    }
}
