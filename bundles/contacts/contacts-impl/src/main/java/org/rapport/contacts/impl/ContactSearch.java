package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.FlushModeType;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;

/**
 * A contact search: every word of the query must match. A word with '@' matches the start of
 * the email address, {@code tag:x} a tag, a word of digits (a phone number as typed) a part of the
 * phone number, {@code owner:name} the owner, {@code account:id} the account, {@code prop:name=value}
 * (or {@code <}, {@code >}, ... for numbers and dates) a custom property, any other word the start
 * of the first name, last name or email address. Prefix
 * matches go through indexed columns, so they stay fast on large tables.
 */
final class ContactSearch {

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9\\s().\\-/]{2,}");
    private static final int MAX_WORDS = 8;
    private static final Pattern PROPERTY = Pattern.compile("(?i)prop:([A-Za-z][A-Za-z0-9]*)(=|<=|>=|<|>)(.+)");

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new HashMap<>();

    private ContactSearch() {
    }

    static ContactSearch parse(String query, Function<String, Optional<PropertyDefinition>> definitions) {
        String text = query == null ? "" : query.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one word");
        }
        String[] words = text.split("\\s+");
        if (words.length > MAX_WORDS) {
            throw new IllegalArgumentException("a search takes at most " + MAX_WORDS + " words");
        }
        ContactSearch search = new ContactSearch();
        for (String word : words) {
            search.add(word, definitions);
        }
        return search;
    }

    private void add(String word, Function<String, Optional<PropertyDefinition>> definitions) {
        String p = "p" + parameters.size();
        String lower = word.toLowerCase(Locale.ROOT);
        Matcher property = PROPERTY.matcher(word);
        if (property.matches()) {
            property(property.group(1), property.group(2), property.group(3), definitions);
        } else if (lower.startsWith("owner:") && lower.length() > 6) {
            conditions.add("c.owner = :" + p);
            parameters.put(p, word.substring(6));
        } else if (lower.startsWith("account:") && lower.length() > 8) {
            try {
                parameters.put(p, Long.valueOf(word.substring(8)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + word + "': account: takes an account id");
            }
            conditions.add("c.accountId = :" + p);
        } else if (lower.startsWith("tag:") && lower.length() > 4) {
            conditions.add("exists (select t from ContactTagEntity t where t.contactId = c.id and t.tag = :" + p + ")");
            parameters.put(p, lower.substring(4));
        } else if (lower.contains("@")) {
            conditions.add("c.email like :" + p + " escape '\\'");
            parameters.put(p, escape(lower) + "%");
        } else if (PHONE_LIKE.matcher(word).matches()) {
            conditions.add("c.phone like :" + p + " escape '\\'");
            parameters.put(p, "%" + escape(ContactDetails.normalPhone(word).replace("+", "")) + "%");
        } else {
            conditions.add("(c.firstKey like :" + p + " escape '\\' or c.lastKey like :" + p
                    + " escape '\\' or c.email like :" + p + " escape '\\')");
            parameters.put(p, escape(lower) + "%");
        }
    }

    /** {@code prop:name=value}, or with {@code <}, {@code <=}, {@code >}, {@code >=} for numbers and dates. */
    private void property(String name, String operator, String text, Function<String, Optional<PropertyDefinition>> definitions) {
        PropertyDefinition definition = definitions.apply(name).orElseThrow(() -> new IllegalArgumentException(
                "'" + name + "' is not a contact property"));
        Object value;
        try {
            value = definition.convert(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prop:" + name + ": " + e.getMessage());
        }
        boolean ordered = definition.type() == PropertyType.NUMBER || definition.type() == PropertyType.DATE;
        if (!operator.equals("=") && !ordered) {
            throw new IllegalArgumentException("prop:" + name + " is " + definition.type().label()
                    + ": compare it with '=' only");
        }
        String n = "p" + parameters.size();
        parameters.put(n, name);
        String v = "p" + parameters.size();
        String column = definition.type() == PropertyType.NUMBER ? "v.number" : "v.text";
        parameters.put(v, definition.type() == PropertyType.NUMBER ? value : ContactPropertyEntity.text(value));
        conditions.add("exists (select v from ContactPropertyEntity v where v.contactId = c.id and v.name = :" + n
                + " and " + column + " " + operator + " :" + v + ")");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    <T> TypedQuery<T> query(EntityManager em, String select, Class<T> type, String order) {
        TypedQuery<T> query = em.createQuery(select + " from ContactEntity c where c.mergedInto is null and " + String.join(" and ", conditions)
                + order, type);
        parameters.forEach(query::setParameter);
        return query;
    }

    /** The contacts of a page with their tags and custom properties, read in two more queries. */
    static List<Contact> withDetails(EntityManager em, List<ContactEntity> page) {
        return withDetails(em, page, FlushModeType.AUTO);
    }

    /** As {@link #withDetails(EntityManager, List)}; {@code COMMIT} keeps the reads from flushing pending writes. */
    static List<Contact> withDetails(EntityManager em, List<ContactEntity> page, FlushModeType flush) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<String>> tags = new HashMap<>();
        Map<Long, Map<String, Object>> properties = new HashMap<>();
        List<Long> ids = page.stream().map(ContactEntity::id).toList();
        em.createQuery("select t from ContactTagEntity t where t.contactId in :ids", ContactTagEntity.class)
                .setFlushMode(flush).setParameter("ids", ids).getResultList()
                .forEach(t -> tags.computeIfAbsent(t.contactId(), id -> new TreeSet<>()).add(t.tag()));
        em.createQuery("select p from ContactPropertyEntity p where p.contactId in :ids", ContactPropertyEntity.class)
                .setFlushMode(flush).setParameter("ids", ids).getResultList()
                .forEach(p -> properties.computeIfAbsent(p.contactId(), id -> new TreeMap<>()).put(p.name(), p.value()));
        return page.stream().map(c -> c.toDto(tags.getOrDefault(c.id(), Set.of()),
                properties.getOrDefault(c.id(), Map.of()))).toList();
    }
}
