package org.rapport.communication.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.MessageService;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who reads which messages, inbound and outgoing. A message filed by no keeper is read by everyone
 * the log lets in; one filed by a keeper ({@link org.rapport.communication.api.InboundService#file},
 * {@link org.rapport.communication.api.MessageService#file}) by administrators, and by others as that
 * keeper's {@link InboundAccess} says. Without a registered access for its keeper, or when the access
 * fails, nobody but administrators reads it: the log fails closed.
 */
final class InboundKeepers {

    private static final Logger LOG = LoggerFactory.getLogger(InboundKeepers.class);

    /** A JPQL condition on the entity {@code i} and its parameters. */
    record Condition(String jpql, Map<String, Object> parameters) {
    }

    // Several accesses of one keeper (another bundle registering under its name) can only hide more: a label is
    // hidden when any of them hides it.
    private final Map<String, List<InboundAccess>> byKeeper = new ConcurrentHashMap<>();

    void add(Object keeper, InboundAccess access) {
        if (keeper == null || keeper.toString().isBlank()) {
            LOG.warn("An inbound access without the property {} is not taken: it keeps no keeper's messages", InboundAccess.KEEPER);
            return;
        }
        byKeeper.computeIfAbsent(keeper.toString(), k -> new CopyOnWriteArrayList<>()).add(access);
    }

    void remove(InboundAccess access) {
        byKeeper.values().forEach(accesses -> accesses.remove(access));
        byKeeper.values().removeIf(List::isEmpty);
    }

    /** The labels of each registered keeper that {@code reader} may not read. */
    private Map<String, Set<String>> hidden(InboundReader reader) {
        Map<String, Set<String>> hidden = new LinkedHashMap<>();
        byKeeper.forEach((keeper, accesses) -> {
            try {
                Set<String> labels = new HashSet<>();
                accesses.forEach(access -> labels.addAll(access.hidden(reader)));
                if (!accesses.isEmpty()) {
                    hidden.put(keeper, Set.copyOf(labels));
                }
            } catch (RuntimeException e) {
                // Without an answer the keeper's messages are not read: left out as for a keeper not registered.
                LOG.error("The inbound access of {} failed for {}; its messages are left out: {}", keeper, reader.name(),
                        e.toString());
            }
        });
        return hidden;
    }

    /**
     * The keeper that will file {@code message} as it takes it ({@link InboundAccess#keeps}), or null
     * when none will. An access that fails to answer is taken as keeping it: the timeline then says less.
     */
    String keeperOf(InboundMessage message) {
        for (Map.Entry<String, List<InboundAccess>> keeper : byKeeper.entrySet()) {
            for (InboundAccess access : keeper.getValue()) {
                try {
                    if (access.keeps(message)) {
                        return keeper.getKey();
                    }
                } catch (RuntimeException e) {
                    LOG.error("The inbound access of {} failed on inbound message {}; taken as keeping it: {}",
                            keeper.getKey(), message.id(), e.toString());
                    return keeper.getKey();
                }
            }
        }
        return null;
    }

    /**
     * The condition a query of a log adds for {@code reader}, on the entity named {@code alias} (with
     * fields {@code keeper} and {@code label}); null for a reader who reads every message.
     */
    Condition condition(InboundReader reader, String alias) {
        if (reader.readsAll()) {
            return null;
        }
        String i = alias + ".";
        List<String> readable = new ArrayList<>(List.of(i + "keeper is null"));
        Map<String, Object> parameters = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, Set<String>> keeper : hidden(reader).entrySet()) {
            parameters.put("keeper" + n, keeper.getKey());
            if (keeper.getValue().isEmpty()) {
                readable.add(i + "keeper = :keeper" + n);
            } else {
                readable.add("(" + i + "keeper = :keeper" + n + " and " + i + "label not in :hidden" + n + ")");
                parameters.put("hidden" + n, List.copyOf(keeper.getValue()));
            }
            n++;
        }
        return new Condition("(" + String.join(" or ", readable) + ")", parameters);
    }

    /**
     * A keeper's name and label as a {@code file} is given them, checked as it is made ({@link #filedAs}):
     * a {@code Filing} is a checked one, so what files with it checks nothing again.
     *
     * @throws IllegalArgumentException naming {@code keeper} or {@code label}
     */
    record Filing(String keeper, String label) {
        Filing {
            filedAs("keeper", keeper, 40);
            filedAs("label", label, 200);
        }
    }

    /**
     * Files the messages of {@code entity} ({@code InboundEntity}, {@code MessageEntity}) with {@code ids}
     * under the filing's keeper and label, a page at a time; ids of no message are passed over.
     */
    static void file(EntityManagerFactory emf, String entity, Collection<Long> ids, Filing filing) {
        List<Long> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += MessageService.MAX_PAGE) {
            List<Long> batch = all.subList(from, Math.min(all.size(), from + MessageService.MAX_PAGE));
            Transactions.run(emf, em -> em.createQuery("update " + entity + " i set i.keeper = :k, i.label = :l "
                    + "where i.id in :ids and (i.keeper is null or i.label is null or i.keeper <> :k or i.label <> :l)")
                    .setParameter("k", filing.keeper()).setParameter("l", filing.label()).setParameter("ids", batch)
                    .executeUpdate());
        }
    }

    /**
     * What a refused export names in place of a message filed by {@code keeper}: not its label, which
     * may be what is kept from the reader (the service desk's labels are its restricted queues), and an
     * agent may take a contact's export.
     */
    static Map<String, Object> kept(long id, String keeper) {
        return Map.of("id", id, "kept", "kept by " + keeper);
    }

    /**
     * A keeper's name (at most 40 characters) or label (at most 200) as given to a {@code file}: not
     * blank, without a control character.
     *
     * @throws IllegalArgumentException naming {@code field}
     */
    static String filedAs(String field, String value, int max) {
        if (value == null || value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + ": " + (value == null ? "is required" : "is not 1 to " + max
                    + " characters without control characters (" + value.length() + " given)"));
        }
        return value;
    }

    /** Whether {@code reader} reads a message filed by {@code keeper} (or none) under {@code label}. */
    boolean reads(InboundReader reader, String keeper, String label) {
        if (keeper == null || reader.readsAll()) {
            return true;
        }
        Set<String> hidden = hidden(reader).get(keeper);
        return hidden != null && !hidden.contains(label);
    }
}
