package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

import org.rapport.persistence.InLists;

/**
 * How a {@link ContactSearch} is run so that it stays fast on large tables: the name words are
 * looked up in the indexes first, and the search then runs among a rare word's contacts or window
 * by window in id order. Apart from the language, so that each can be read on its own.
 */
final class SearchPlan {

    /** Contacts a name word may match before the word counts as common (see {@link #page}). */
    static final int FEW = 300;
    /** Ids the first window of a scan in id order covers; each next window is four times larger. */
    private static final long FIRST_WINDOW = 4096;

    private final ContactSearch search;

    SearchPlan(ContactSearch search) {
        this.search = search;
    }

    /**
     * A page of the matches in id order. A name word is matched against three columns, which no
     * single index serves, so a plain query reads the whole table. Instead each name word is first
     * looked up in the three indexes (at most {@link #FEW} + 1 contacts each): a column it starts
     * nothing in is dropped from its condition, and a word with no match at all means no result.
     * When a word is rare (at most {@code FEW} contacts in each column), the matches are sought
     * among its contacts only. When every word is common, the contacts are sought in id order a
     * window at a time until the page is full, each window sized from the matches found so far
     * (4,096 ids first, 16,384 through name keys). In a window, the words' name keys (their first
     * three characters, see {@link ContactEntity}) give the ids that have them all, from short
     * ranges of the key table, and only those contacts are read; a word shorter than a key makes
     * the window read the table's rows instead. Other searches (an email address, or words joined
     * with {@code or}) are one query.
     */
    List<ContactEntity> page(EntityManager em, int offset, int limit) {
        if (search.oneQuery()) {
            return search.query(em, "select c", ContactEntity.class, " order by c.id").setFirstResult(offset).setMaxResults(limit)
                    .getResultList();
        }
        List<Long> few = narrow(em, true);
        if (few != null) {
            return few.isEmpty() ? List.of() : search.query(em, "select c", " and c.id in :few", ContactEntity.class, " order by c.id")
                    .setParameter("few", InLists.padded(few)).setFirstResult(offset).setMaxResults(limit).getResultList();
        }
        Long last = em.createQuery("select max(c.id) from ContactEntity c", Long.class).getSingleResult();
        int wanted = offset + limit;
        List<ContactEntity> found = new ArrayList<>();
        Set<String> keys = nameKeys();
        long from = 0;
        // Through the name keys a window costs a few short index ranges, not its rows: start four times wider.
        for (long window = keys == null ? FIRST_WINDOW : 4 * FIRST_WINDOW; last != null && from < last
                && found.size() < wanted; ) {
            long to = from + window;
            if (keys == null) {
                found.addAll(search.query(em, "select c", " and c.id > :from and c.id <= :to", ContactEntity.class, " order by c.id")
                        .setParameter("from", from).setParameter("to", to).setMaxResults(wanted - found.size())
                        .getResultList());
            } else {
                List<Long> candidates = withKeys(em, keys, from, to, FEW);
                if (!candidates.isEmpty()) {
                    found.addAll(search.query(em, "select c", " and c.id in :ids", ContactEntity.class, " order by c.id")
                            .setParameter("ids", InLists.padded(candidates)).setMaxResults(wanted - found.size()).getResultList());
                }
                if (candidates.size() == FEW) {
                    // A key every contact has (a word of three letters that starts every email address) would
                    // give the whole window: the window ends at the last candidate read, the next starts there.
                    to = candidates.get(FEW - 1);
                }
            }
            from = to;
            // As many ids as the matches so far say the rest of the page needs, a quarter more; four times more if none.
            window = found.isEmpty() ? window * 4
                    : Math.max(FIRST_WINDOW, (long) Math.ceil((wanted - found.size()) * (double) from / found.size() * 1.25));
        }
        return found.size() <= offset ? List.of() : found.subList(offset, Math.min(found.size(), wanted));
    }

    /** The name keys of the name words, or null when a word is too short to have one. */
    private Set<String> nameKeys() {
        Set<String> keys = new TreeSet<>();
        for (ContactSearch.NameWord word : search.nameWords()) {
            if (word.key() == null) {
                return null;
            }
            keys.add(word.key());
        }
        return keys;
    }

    /**
     * The first {@code limit} contacts with ids in (from, to] that have every one of the keys, in id
     * order: the intersection of the keys' id lists in that range, each one range of the key
     * table's primary key, joined in the database so that only the ids having every key leave it.
     * A superset of the matches (a key is only a word's first characters); the caller's query
     * keeps the contacts that match. On Derby a hash join: probing one key's range for each id of
     * another (Derby's choice otherwise) costs a lookup per id of the commoner key, and which one
     * that is is not known here. Other databases read the hints as the comments they are.
     */
    private static List<Long> withKeys(EntityManager em, Set<String> keys, long from, long to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT k0.CONTACT_ID FROM -- DERBY-PROPERTIES joinOrder=FIXED\n"
                + "CONTACT_NAME_KEY k0");
        StringBuilder where = new StringBuilder(" WHERE k0.NAME_KEY = ? AND k0.CONTACT_ID > ? AND k0.CONTACT_ID <= ?");
        for (int k = 1; k < keys.size(); k++) {
            sql.append(", CONTACT_NAME_KEY k").append(k).append(" -- DERBY-PROPERTIES joinStrategy=HASH\n");
            where.append(" AND k").append(k).append(".NAME_KEY = ? AND k").append(k).append(".CONTACT_ID > ? AND k")
                    .append(k).append(".CONTACT_ID <= ? AND k").append(k).append(".CONTACT_ID = k0.CONTACT_ID");
        }
        Query query = em.createNativeQuery(sql.append(where).append(" ORDER BY k0.CONTACT_ID").toString())
                .setMaxResults(limit);
        int parameter = 1;
        for (String key : keys) {
            query.setParameter(parameter++, key).setParameter(parameter++, from).setParameter(parameter++, to);
        }
        List<Long> ids = new ArrayList<>();
        for (Object id : query.getResultList()) {
            ids.add(((Number) id).longValue());
        }
        return ids;
    }

    /** How many contacts match: among a rare name word's contacts when there is one, else one counting query. */
    long count(EntityManager em) {
        List<Long> few = search.oneQuery() ? null : narrow(em, false);
        if (few != null) {
            return few.isEmpty() ? 0 : search.query(em, "select count(c)", " and c.id in :few", Long.class, "")
                    .setParameter("few", InLists.padded(few)).getSingleResult();
        }
        return search.query(em, "select count(c)", Long.class, "").getSingleResult();
    }

    /**
     * Looks each name word up in the three indexes (their values only, up to {@link #FEW} + 1, so
     * that no contact row is read for a common word) and keeps in its condition only the columns
     * it matches in. Answers the contacts of the rarest word when a word is rare (none when a word
     * matches nothing), or null when every word is common.
     *
     * @param byWindows whether common words will be sought by id windows (a page) rather than
     *        counted, where a word found in one column only lets Derby count through that column's index
     */
    private List<Long> narrow(EntityManager em, boolean byWindows) {
        Set<Long> best = null;
        Map<ContactSearch.NameWord, List<String>> columns = new LinkedHashMap<>();
        for (ContactSearch.NameWord word : search.nameWords()) {
            Object prefix = search.parameterValue(word.parameter());
            boolean common = false;
            List<String> matching = new ArrayList<>();
            for (String column : List.of("c.firstKey", "c.lastKey", "c.email")) {
                if (search.known().common(column, prefix)) {
                    matching.add(column);
                    common = true;
                    continue;
                }
                // The column's own values, read from its index alone: whether there is one, and then
                // whether there are more than FEW; the database skips the first FEW, so at most one
                // value comes back each time.
                TypedQuery<String> values = em.createQuery("select " + column + " from ContactEntity c where " + column
                        + " like :p escape '\\'", String.class).setParameter("p", prefix);
                if (!values.setMaxResults(1).getResultList().isEmpty()) {
                    matching.add(column);
                    if (!values.setFirstResult(FEW).setMaxResults(1).getResultList().isEmpty()) {
                        common = true;
                        search.known().learn(column, prefix);
                    }
                }
            }
            if (matching.isEmpty()) {
                return List.of();
            }
            columns.put(word, matching);
            if (!common) {
                // A rare word: its contacts, which the search may then be narrowed to.
                Set<Long> ids = new TreeSet<>();
                for (String column : matching) {
                    ids.addAll(em.createQuery("select c.id from ContactEntity c where " + column + " like :p escape '\\'",
                            Long.class).setParameter("p", prefix).setMaxResults(FEW + 1).getResultList());
                }
                if (best == null || ids.size() < best.size()) {
                    best = ids;
                }
            }
        }
        // Among a rare word's contacts the index of the id drives; in a scan by id range, a LIKE on a
        // name column would draw Derby to that column's index instead (reading every common match),
        // so there the column is wrapped in a concatenation that no index serves.
        String wrap = best == null && byWindows ? "concat(%s, '')" : "%s";
        columns.forEach((word, matching) -> search.rewrite(word, "(" + String.join(" or ",
                matching.stream().map(c -> String.format(wrap, c) + " like :" + word.parameter() + " escape '\\'").toList())
                + ")"));
        return best == null ? null : new ArrayList<>(best);
    }
}
