package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;

import org.rapport.contacts.api.Channel;

/**
 * The words of a {@link ContactSearch} about what contacts did: {@code did:} (how many
 * interactions) and {@code spent} (the amount of purchases), as JPQL conditions on {@code c}.
 */
final class InteractionWords {

    /** Binds a value and answers its parameter, {@code :p3}. */
    private final Function<Object, String> parameter;
    private final Instant now;

    InteractionWords(Function<Object, String> parameter, Instant now) {
        this.parameter = parameter;
        this.now = now;
    }

    /** {@code did:type[@channel] op count [/N d]}: how many interactions, compared. */
    String did(Matcher did) {
        StringBuilder where = new StringBuilder("i.contactId = c.id");
        String type = did.group(1).toLowerCase(Locale.ROOT);
        if (!type.equals("*")) {
            where.append(" and i.type = ").append(parameter.apply(type));
        }
        if (did.group(2) != null) {
            where.append(" and i.channel = ").append(parameter.apply(Channel.parse(did.group(2))));
        }
        since(where, did.group(5));
        long count = Long.parseLong(did.group(4));
        String operator = did.group(3);
        String exists = "exists (select i from InteractionEntity i where " + where + ")";
        // Whether any matching interaction at all, or none, is the question: EXISTS reads at most one row.
        if ((operator.equals(">=") && count == 1) || (operator.equals(">") && count == 0)) {
            return exists;
        }
        if ((operator.equals("=") && count == 0) || (operator.equals("<") && count == 1)
                || (operator.equals("<=") && count == 0)) {
            return "not " + exists;
        }
        return "(select count(i) from InteractionEntity i where " + where + ") " + operator + " " + parameter.apply(count);
    }

    /** {@code spent op amount [/N d]}: the total amount of purchases, compared; no purchases is 0. */
    String spent(Matcher spent) {
        StringBuilder where = new StringBuilder("i.contactId = c.id and i.type = ").append(parameter.apply(ContactSearch.PURCHASE))
                .append(" and i.amount is not null");
        since(where, spent.group(3));
        String operator = spent.group(1);
        BigDecimal amount = new BigDecimal(spent.group(2));
        String sum = "(select sum(i.amount) from InteractionEntity i where " + where + ") " + operator + " "
                + parameter.apply(amount);
        int zero = BigDecimal.ZERO.compareTo(amount);
        boolean zeroMatches = switch (operator) {
            case "=" -> zero == 0;
            case "<" -> zero < 0;
            case "<=" -> zero <= 0;
            case ">" -> zero > 0;
            default -> zero >= 0;
        };
        return zeroMatches ? "(not exists (select i from InteractionEntity i where " + where + ") or " + sum + ")" : sum;
    }

    private void since(StringBuilder where, String days) {
        if (days != null) {
            int n = Integer.parseInt(days);
            if (n == 0) {
                throw new IllegalArgumentException("a period is at least 1d");
            }
            where.append(" and i.occurredAt >= ").append(parameter.apply(now.minus(Duration.ofDays(n))));
        }
    }
}
