package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Contact;

/**
 * A contact search: every word of the query must match. A word with '@' matches the start of
 * the email address, {@code tag:x} a tag, a word of digits (a phone number as typed) a part of the
 * phone number, any other word the start of the first name, last name or email address. Prefix
 * matches go through indexed columns, so they stay fast on large tables.
 */
final class ContactSearch {

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9\\s().\\-/]{2,}");
    private static final int MAX_WORDS = 8;

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> parameters = new HashMap<>();

    private ContactSearch() {
    }

    static ContactSearch parse(String query) {
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
            search.add(word);
        }
        return search;
    }

    private void add(String word) {
        String p = "p" + parameters.size();
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.startsWith("tag:") && lower.length() > 4) {
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

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    <T> TypedQuery<T> query(EntityManager em, String select, Class<T> type, String order) {
        TypedQuery<T> query = em.createQuery(select + " from ContactEntity c where " + String.join(" and ", conditions)
                + order, type);
        parameters.forEach(query::setParameter);
        return query;
    }

    /** The contacts of a page with their tags, read in one more query. */
    static List<Contact> withTags(EntityManager em, List<ContactEntity> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        Map<Long, Set<String>> tags = new HashMap<>();
        List<Long> ids = page.stream().map(ContactEntity::id).toList();
        em.createQuery("select t from ContactTagEntity t where t.contactId in :ids", ContactTagEntity.class)
                .setParameter("ids", ids).getResultList()
                .forEach(t -> tags.computeIfAbsent(t.contactId(), id -> new TreeSet<>()).add(t.tag()));
        return page.stream().map(c -> c.toDto(tags.getOrDefault(c.id(), Set.of()))).toList();
    }
}
