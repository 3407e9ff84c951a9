package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.persistence.Transactions;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.SalesValidationException;

/**
 * The product lines of opportunities: replaced all at once, checked line by line (every field at
 * fault named {@code lines[i].field}, nothing stored), and summed into the opportunity's amount.
 */
final class OpportunityLines {

    static final int MAX_LINES = 200;
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,59}");

    private final EntityManagerFactory emf;
    private final Clock clock;

    OpportunityLines(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    List<OpportunityLine> of(long opportunityId) {
        return Transactions.read(emf, em -> {
            if (em.find(OpportunityEntity.class, opportunityId) == null) {
                throw SalesValidationException.notFound("opportunity", opportunityId);
            }
            return lines(em, opportunityId).stream().map(OpportunityLineEntity::toLine).toList();
        });
    }

    /** The lines of an opportunity, in their order. */
    static List<OpportunityLineEntity> lines(EntityManager em, long opportunityId) {
        return em.createQuery("select l from OpportunityLineEntity l where l.opportunityId = :id order by l.position",
                OpportunityLineEntity.class).setParameter("id", opportunityId).getResultList();
    }

    Opportunity set(long opportunityId, List<OpportunityLine> given) {
        List<OpportunityLine> lines = given == null ? List.of() : given;
        if (lines.size() > MAX_LINES) {
            throw SalesValidationException.of("lines", "at most " + MAX_LINES + " lines, not " + lines.size());
        }
        return Transactions.inTransaction(emf, em -> {
            OpportunityEntity o = em.find(OpportunityEntity.class, opportunityId, LockModeType.PESSIMISTIC_WRITE);
            if (o == null) {
                throw SalesValidationException.notFound("opportunity", opportunityId);
            }
            if (o.closedAt != null) {
                throw SalesValidationException.of("lines", "opportunity " + opportunityId + " is closed (" + o.stage + ")");
            }
            List<OpportunityLineEntity> checked = check(lines, o);
            lines(em, opportunityId).forEach(em::remove);
            em.flush();
            BigDecimal amount = BigDecimal.ZERO;
            for (OpportunityLineEntity line : checked) {
                em.persist(line);
                amount = amount.add(line.quantity.multiply(line.unitPrice));
            }
            if (!checked.isEmpty()) {
                o.amount = amount.setScale(4, RoundingMode.HALF_EVEN);
            }
            o.active(clock.instant().truncatedTo(ChronoUnit.MILLIS));
            return o.toOpportunity();
        });
    }

    private static List<OpportunityLineEntity> check(List<OpportunityLine> lines, OpportunityEntity o) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<OpportunityLineEntity> checked = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "].";
            OpportunityLine line = lines.get(i);
            if (line == null) {
                errors.put("lines[" + i + "]", "is required: {\"sku\" or \"name\", \"quantity\", \"unitPrice\"}");
                continue;
            }
            OpportunityLineEntity e = new OpportunityLineEntity();
            e.opportunityId = o.id;
            e.position = i;
            e.sku = line.sku() == null || line.sku().isBlank() ? null : line.sku().strip();
            if (e.sku != null && !SKU.matcher(e.sku).matches()) {
                errors.put(at + "sku", "'" + Texts.shorten(e.sku) + "' is not a SKU: letters, digits and . _ / -, at "
                        + "most 60");
            }
            e.name = Pipeline.optional(errors, at + "name", line.name(), 200);
            if (e.sku == null && e.name == null && !errors.containsKey(at + "sku") && !errors.containsKey(at + "name")) {
                errors.put(at + "name", "a line names its product: sku, name or both");
            }
            e.quantity = number(errors, at + "quantity", line.quantity(), false);
            e.unitPrice = number(errors, at + "unitPrice", line.unitPrice(), true);
            e.currency = line.currency() == null || line.currency().isBlank() ? o.currency : line.currency().strip();
            if (!e.currency.equals(o.currency)) {
                errors.put(at + "currency", "'" + Texts.shorten(e.currency) + "' is not the opportunity's currency "
                        + o.currency);
            }
            if (e.quantity != null && e.unitPrice != null) {
                sum = sum.add(e.quantity.multiply(e.unitPrice));
            }
            checked.add(e);
        }
        if (errors.isEmpty() && sum.setScale(4, RoundingMode.HALF_EVEN).precision() - 4 > 15) {
            errors.put("amount", "the lines add up to " + sum.toPlainString() + ", more than 15 digits before the point");
        }
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        return checked;
    }

    /** A quantity (more than 0) or a price (0 or more): at most 15 digits before the point and 4 after. */
    private static BigDecimal number(Map<String, String> errors, String field, BigDecimal value, boolean zero) {
        if (value == null) {
            errors.put(field, "is required");
            return null;
        }
        BigDecimal v = value.stripTrailingZeros();
        if (v.signum() < 0 || !zero && v.signum() == 0 || v.scale() > 4 || v.precision() - v.scale() > 15) {
            errors.put(field, "'" + value.toPlainString() + "' is not " + (zero ? "0 or more" : "more than 0")
                    + ", with at most 15 digits before the point and 4 after");
            return null;
        }
        return value;
    }
}
