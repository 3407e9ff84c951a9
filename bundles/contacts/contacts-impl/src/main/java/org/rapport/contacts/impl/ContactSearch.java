package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.FlushModeType;
import javax.persistence.Query;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;

/**
 * A contact search, or a segment's condition: every word must match, and {@code or} between
 * groups of words means either group. A word with '@' matches the start of the email address,
 * {@code tag:x} a tag, a word of digits (a phone number as typed) a part of the phone number,
 * {@code owner:name} the owner, {@code account:id} the account, {@code country:FR},
 * {@code language:fr} and {@code channel:email} those fields, {@code prop:name=value} (or
 * {@code <}, {@code >}, ... for numbers and dates) a custom property, {@code segment:name} the
 * members of a segment, {@code did:type[@channel]>=n[/Nd]} the number of interactions of a type
 * ({@code *} for any) in the last N days, {@code spent>=amount[/Nd]} the amount of purchases,
 * {@code rfm:r>=4} an RFM score, and any other word the start of the first name, last name or
 * email address. {@code -word} negates a word. Prefix matches go through indexed columns, so they
 * stay fast on large tables.
 */
final class ContactSearch {

    /** What a query may use besides the contact table: custom properties, segments, the time. */
    record Vocabulary(Function<String, Optional<PropertyDefinition>> definitions, Predicate<String> segments,
            Instant now, int maxWords) {
    }

    /** The interaction type whose payload amounts {@code spent} and RFM's monetary score add up. */
    static final String PURCHASE = "purchase";

    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9\\s().\\-/]{2,}");
    static final int MAX_WORDS = 8;
    private static final String OPERATOR = "(=|<=|>=|<|>)";
    private static final Pattern PROPERTY = Pattern.compile("(?i)prop:([A-Za-z][A-Za-z0-9]*)" + OPERATOR + "(.+)");
    private static final Pattern DID = Pattern.compile("(?i)did:([a-z][a-z0-9-]*|\\*)(?:@([a-z_-]+))?" + OPERATOR
            + "([0-9]{1,6})(?:/([0-9]{1,5})d)?");
    private static final Pattern SPENT = Pattern.compile("(?i)spent" + OPERATOR + "([0-9]{1,12}(?:\\.[0-9]{1,4})?)"
            + "(?:/([0-9]{1,5})d)?");
    private static final Pattern RFM = Pattern.compile("(?i)rfm:([rfm])" + OPERATOR + "([1-5])");
    private static final Pattern SEGMENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /** Contacts a name word may match before the word counts as common (see {@link #page}). */
    static final int FEW = 300;
    /** Ids the first window of a scan in id order covers; each next window is four times larger. */
    private static final long FIRST_WINDOW = 4096;

    private final List<List<String>> groups = new ArrayList<>();
    /** Where each name word's condition is (words that match names or the start of an email address), not negated. */
    private final List<NameWord> nameWords = new ArrayList<>();
    private NameWord nameWord;
    /** Where each email word's condition is, so that merged records' addresses can be added at query time. */
    private final List<EmailWord> emailWords = new ArrayList<>();

    private record EmailWord(int group, int position, String parameter) {
    }

    /** A name word's condition, its parameter, and its name key (null for a word shorter than a key). */
    private record NameWord(int group, int position, String parameter, String key) {
    }
    private boolean indexedWord;
    private final Map<String, Object> parameters = new HashMap<>();
    private final Vocabulary vocabulary;
    private CommonPrefixes known = new CommonPrefixes();

    private ContactSearch(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        groups.add(new ArrayList<>());
    }

    /** A search of contacts: at most {@link #MAX_WORDS} words. */
    static ContactSearch parse(String query, Function<String, Optional<PropertyDefinition>> definitions,
            Predicate<String> segments, Instant now) {
        return parse(query, new Vocabulary(definitions, segments, now, MAX_WORDS));
    }

    /** Lets this search use and add to what earlier searches found common. */
    ContactSearch knowing(CommonPrefixes commonPrefixes) {
        this.known = commonPrefixes;
        return this;
    }

    /**
     * @throws IllegalArgumentException for an empty query, too many words, or a word that cannot be
     *         read, naming the word and its position ({@code word 3, 'did:x': ...})
     */
    static ContactSearch parse(String query, Vocabulary vocabulary) {
        String text = query == null ? "" : query.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one word");
        }
        String[] words = text.split("\\s+");
        if (words.length > vocabulary.maxWords()) {
            throw new IllegalArgumentException("a search takes at most " + vocabulary.maxWords() + " words");
        }
        ContactSearch search = new ContactSearch(vocabulary);
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (word.equalsIgnoreCase("or")) {
                if (search.current().isEmpty() || i == words.length - 1) {
                    throw new IllegalArgumentException("word " + (i + 1) + ", 'or': needs words before and after it");
                }
                search.groups.add(new ArrayList<>());
                continue;
            }
            try {
                boolean negated = word.length() > 1 && word.startsWith("-") && !PHONE_LIKE.matcher(word).matches();
                search.nameWord = null;
                String condition = search.condition(negated ? word.substring(1) : word);
                search.current().add(negated ? "not " + condition : condition);
                if (search.nameWord != null && !negated) {
                    search.nameWords.add(search.nameWord);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("word " + (i + 1) + ", '" + word + "': " + e.getMessage());
            }
        }
        return search;
    }

    private List<String> current() {
        return groups.get(groups.size() - 1);
    }

    private String parameter(Object value) {
        String p = "p" + parameters.size();
        parameters.put(p, value);
        return ":" + p;
    }

    private String condition(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        Matcher property = PROPERTY.matcher(word);
        Matcher did = DID.matcher(word);
        Matcher spent = SPENT.matcher(word);
        Matcher rfm = RFM.matcher(word);
        if (property.matches()) {
            return property(property.group(1), property.group(2), property.group(3));
        } else if (did.matches()) {
            return did(did);
        } else if (spent.matches()) {
            return spent(spent);
        } else if (rfm.matches()) {
            String score = "s." + switch (rfm.group(1).toLowerCase(Locale.ROOT)) {
                case "r" -> "recency";
                case "f" -> "frequency";
                default -> "monetary";
            };
            return "exists (select s from RfmScoreEntity s where s.contactId = c.id and " + score + " "
                    + rfm.group(2) + " " + parameter(Integer.valueOf(rfm.group(3))) + ")";
        } else if (lower.startsWith("did:") || lower.startsWith("spent") || lower.startsWith("rfm:")) {
            throw new IllegalArgumentException("write did:type[@channel]>=count[/days d] (did:purchase>=2/90d), "
                    + "spent>=amount[/days d] (spent>=500/365d) or rfm:r|f|m>=1..5 (rfm:r>=4)");
        } else if (lower.startsWith("segment:") && lower.length() > 8) {
            String name = lower.substring(8);
            if (vocabulary.segments() == null) {
                throw new IllegalArgumentException("a segment's condition cannot name another segment");
            }
            if (!SEGMENT_NAME.matcher(name).matches() || !vocabulary.segments().test(name)) {
                throw new IllegalArgumentException("there is no segment '" + name + "'");
            }
            return "exists (select m from SegmentMemberEntity m where m.segment = " + parameter(name)
                    + " and m.contactId = c.id)";
        } else if (lower.startsWith("owner:") && lower.length() > 6) {
            return "c.owner = " + parameter(word.substring(6));
        } else if (lower.startsWith("account:") && lower.length() > 8) {
            try {
                return "c.accountId = " + parameter(Long.valueOf(word.substring(8)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("account: takes an account id");
            }
        } else if (lower.startsWith("country:") && lower.length() > 8) {
            return "c.country = " + parameter(word.substring(8).toUpperCase(Locale.ROOT));
        } else if (lower.startsWith("language:") && lower.length() > 9) {
            String language = lower.substring(9);
            return "(lower(c.language) = " + parameter(language) + " or lower(c.language) like "
                    + parameter(escape(language) + "-%") + " escape '\\')";
        } else if (lower.startsWith("channel:") && lower.length() > 8) {
            return "c.preferredChannel = " + parameter(Channel.parse(word.substring(8)));
        } else if (lower.startsWith("tag:") && lower.length() > 4) {
            return "exists (select t from ContactTagEntity t where t.contactId = c.id and t.tag = "
                    + parameter(lower.substring(4)) + ")";
        } else if (lower.contains("@")) {
            indexedWord = true;
            String p = parameter(escape(lower) + "%");
            emailWords.add(new EmailWord(groups.size() - 1, current().size(), p.substring(1)));
            return "c.email like " + p + " escape '\\'";
        } else if (PHONE_LIKE.matcher(word).matches()) {
            return "c.phone like " + parameter("%" + escape(ContactDetails.normalPhone(word).replace("+", "")) + "%")
                    + " escape '\\'";
        }
        String p = parameter(escape(lower) + "%");
        nameWord = new NameWord(groups.size() - 1, current().size(), p.substring(1), ContactEntity.nameKey(lower));
        return "(c.firstKey like " + p + " escape '\\' or c.lastKey like " + p + " escape '\\' or c.email like " + p
                + " escape '\\')";
    }

    /** {@code prop:name=value}, or with {@code <}, {@code <=}, {@code >}, {@code >=} for numbers and dates. */
    private String property(String name, String operator, String text) {
        PropertyDefinition definition = vocabulary.definitions().apply(name).orElseThrow(() -> new IllegalArgumentException(
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
        String column = definition.type() == PropertyType.NUMBER ? "v.number" : "v.text";
        Object compared = definition.type() == PropertyType.NUMBER ? value : ContactPropertyEntity.text(value);
        return "exists (select v from ContactPropertyEntity v where v.contactId = c.id and v.name = " + parameter(name)
                + " and " + column + " " + operator + " " + parameter(compared) + ")";
    }

    /** {@code did:type[@channel] op count [/N d]}: how many interactions, compared. */
    private String did(Matcher did) {
        StringBuilder where = new StringBuilder("i.contactId = c.id");
        String type = did.group(1).toLowerCase(Locale.ROOT);
        if (!type.equals("*")) {
            where.append(" and i.type = ").append(parameter(type));
        }
        if (did.group(2) != null) {
            where.append(" and i.channel = ").append(parameter(Channel.parse(did.group(2))));
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
        return "(select count(i) from InteractionEntity i where " + where + ") " + operator + " " + parameter(count);
    }

    /** {@code spent op amount [/N d]}: the total amount of purchases, compared; no purchases is 0. */
    private String spent(Matcher spent) {
        StringBuilder where = new StringBuilder("i.contactId = c.id and i.type = ").append(parameter(PURCHASE))
                .append(" and i.amount is not null");
        since(where, spent.group(3));
        String operator = spent.group(1);
        BigDecimal amount = new BigDecimal(spent.group(2));
        String sum = "(select sum(i.amount) from InteractionEntity i where " + where + ") " + operator + " "
                + parameter(amount);
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
            where.append(" and i.occurredAt >= ").append(parameter(vocabulary.now().minus(Duration.ofDays(n))));
        }
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The words as a JPQL condition on {@code c}, a {@code ContactEntity}. */
    String where() {
        List<String> either = new ArrayList<>();
        for (List<String> group : groups) {
            either.add("(" + String.join(" and ", group) + ")");
        }
        return either.size() == 1 ? either.get(0) : "(" + String.join(" or ", either) + ")";
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
        if (nameWords.isEmpty() || indexedWord || groups.size() > 1) {
            return query(em, "select c", ContactEntity.class, " order by c.id").setFirstResult(offset).setMaxResults(limit)
                    .getResultList();
        }
        List<Long> few = narrow(em, true);
        if (few != null) {
            return few.isEmpty() ? List.of() : query(em, "select c", " and c.id in :few", ContactEntity.class, " order by c.id")
                    .setParameter("few", padded(few)).setFirstResult(offset).setMaxResults(limit).getResultList();
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
                found.addAll(query(em, "select c", " and c.id > :from and c.id <= :to", ContactEntity.class, " order by c.id")
                        .setParameter("from", from).setParameter("to", to).setMaxResults(wanted - found.size())
                        .getResultList());
            } else {
                List<Long> candidates = withKeys(em, keys, from, to, FEW);
                if (!candidates.isEmpty()) {
                    found.addAll(query(em, "select c", " and c.id in :ids", ContactEntity.class, " order by c.id")
                            .setParameter("ids", padded(candidates)).setMaxResults(wanted - found.size()).getResultList());
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

    /**
     * Ids for an {@code in} list, their number rounded up to one of a few sizes by repeating the
     * last: each number of ids is another statement for the database to compile (milliseconds in
     * Derby), so a handful of sizes keeps every search on statements it has compiled before.
     */
    static List<Long> padded(List<Long> ids) {
        int size = 8;
        while (size < ids.size()) {
            size *= 4;
        }
        if (size == ids.size() || ids.isEmpty()) {
            return ids;
        }
        List<Long> padded = new ArrayList<>(size);
        padded.addAll(ids);
        while (padded.size() < size) {
            padded.add(ids.get(ids.size() - 1));
        }
        return padded;
    }

    /** The name keys of the name words, or null when a word is too short to have one. */
    private Set<String> nameKeys() {
        Set<String> keys = new TreeSet<>();
        for (NameWord word : nameWords) {
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
        List<Long> few = nameWords.isEmpty() || indexedWord || groups.size() > 1 ? null : narrow(em, false);
        if (few != null) {
            return few.isEmpty() ? 0 : query(em, "select count(c)", " and c.id in :few", Long.class, "")
                    .setParameter("few", padded(few)).getSingleResult();
        }
        return query(em, "select count(c)", Long.class, "").getSingleResult();
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
        Map<NameWord, List<String>> columns = new LinkedHashMap<>();
        for (NameWord word : nameWords) {
            Object prefix = parameters.get(word.parameter());
            boolean common = false;
            List<String> matching = new ArrayList<>();
            for (String column : List.of("c.firstKey", "c.lastKey", "c.email")) {
                if (known.common(column, prefix)) {
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
                        known.learn(column, prefix);
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
        columns.forEach((word, matching) -> groups.get(word.group()).set(word.position(), "(" + String.join(" or ",
                matching.stream().map(c -> String.format(wrap, c) + " like :" + word.parameter() + " escape '\\'").toList())
                + ")"));
        return best == null ? null : new ArrayList<>(best);
    }

    <T> TypedQuery<T> query(EntityManager em, String select, Class<T> type, String order) {
        return query(em, select, "", type, order);
    }

    /**
     * An email word also finds the contacts that records with a matching address were merged
     * into. Those records are looked up first through the email index; only when there are some
     * does the word's condition become {@code (email like ... or id in (...))}, so the usual search
     * stays one indexed lookup.
     */
    private void addMergedAddresses(EntityManager em) {
        for (EmailWord word : emailWords) {
            List<Long> survivors = em.createQuery("select x.mergedInto from ContactEntity x where x.email like :p "
                    + "escape '\\' and x.mergedInto is not null", Long.class)
                    .setParameter("p", parameters.get(word.parameter())).setMaxResults(FEW).getResultList();
            List<String> group = groups.get(word.group());
            String condition = group.get(word.position());
            if (!survivors.isEmpty() && !condition.startsWith("not ")) {
                group.set(word.position(), "(" + condition + " or c.id in " + parameter(survivors) + ")");
            }
        }
        emailWords.clear();
    }

    /** {@code select ... from ContactEntity c where <not merged> and <the words> <more> <order>}. */
    <T> TypedQuery<T> query(EntityManager em, String select, String more, Class<T> type, String order) {
        addMergedAddresses(em);
        TypedQuery<T> query = em.createQuery(select + " from ContactEntity c where c.mergedInto is null and " + where()
                + more + order, type);
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
