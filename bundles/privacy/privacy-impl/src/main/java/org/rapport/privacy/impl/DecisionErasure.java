package org.rapport.privacy.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;

/**
 * The decision ledger's part: the decisions about a contact carry the facts they were made on,
 * which may hold personal values, so they go with the contact.
 */
@Component
public class DecisionErasure implements ErasureParticipant {

    private final DecisionLedger ledger;

    @Activate
    public DecisionErasure(@Reference DecisionLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String name() {
        return "decision ledger";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        List<Map<String, Object>> decisions = new ArrayList<>();
        for (LedgerEntry entry : ledger.about(Long.toString(contactId), 1000)) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", entry.decision().type());
            d.put("attributes", entry.decision().attributes());
            d.put("rule", entry.decision().rule());
            d.put("release", entry.decision().rulePackage() + " v" + entry.decision().release());
            d.put("facts", entry.facts());
            d.put("recordedAt", entry.recordedAt().toString());
            decisions.add(d);
        }
        return Map.of("decisions", decisions);
    }

    @Override
    public String erase(long contactId) {
        return ledger.forget(Long.toString(contactId)) + " decision(s) with their facts deleted";
    }
}
