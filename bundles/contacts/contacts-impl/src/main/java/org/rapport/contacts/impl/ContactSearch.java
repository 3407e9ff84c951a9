package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactSearchWord;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;

/**
 * A contact search, or a condition of {@link org.rapport.contacts.api.ContactConditions}: every
 * word must match, and {@code or} between groups of words means either group. A word with '@'
 * matches the start of the email address, {@code tag:x} a tag, a word of digits (a phone number
 * as typed) a part of the phone number, {@code owner:name} the owner, {@code account:id} the
 * account, {@code country:FR}, {@code language:fr} and {@code channel:email} those fields,
 * {@code prop:name=value} (or {@code <}, {@code >}, ... for numbers and dates) a custom property,
 * {@code did:type[@channel]>=n[/Nd]} the number of interactions of a type ({@code *} for any) in
 * the last N days, {@code spent>=amount[/Nd]} the amount of purchases, {@code prefix:...} a word
 * another bundle added ({@link ContactSearchWord}, such as segments' {@code segment:name}), and
 * any other word the start of the first name, last name or email address. {@code -word} negates
 * a word. Prefix matches go through indexed columns, so they stay fast on large tables
 * ({@link SearchPlan}).
 */
final class ContactSearch {

    /** What a query may use besides the contact table: custom properties, the words other bundles add, the time. */
    record Vocabulary(Function<String, Optional<PropertyDefinition>> definitions, Map<String, ContactSearchWord> words,
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

    private final List<List<String>> groups = new ArrayList<>();
    /** Where each name word's condition is (words that match names or the start of an email address), not negated. */
    private final List<NameWord> nameWords = new ArrayList<>();
    private NameWord nameWord;
    /** Where each email word's condition is, so that merged records' addresses can be added at query time. */
    private final List<EmailWord> emailWords = new ArrayList<>();

    private record EmailWord(int group, int position, String parameter) {
    }

    /** A name word's condition, its parameter, and its name key (null for a word shorter than a key). */
    record NameWord(int group, int position, String parameter, String key) {
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
            Map<String, ContactSearchWord> words, Instant now) {
        return parse(query, new Vocabulary(definitions, words, now, MAX_WORDS));
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

    /** The word another bundle added for the word's prefix (the part before ':'), or null. */
    private AddedWord added(String lower) {
        int colon = lower.indexOf(':');
        ContactSearchWord word = colon > 0 && colon < lower.length() - 1
                ? vocabulary.words().get(lower.substring(0, colon)) : null;
        return word == null ? null : new AddedWord(word, this::parameter);
    }

    private InteractionWords words() {
        return new InteractionWords(this::parameter, vocabulary.now());
    }

    private String condition(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        Matcher property = PROPERTY.matcher(word);
        Matcher did = DID.matcher(word);
        Matcher spent = SPENT.matcher(word);
        if (property.matches()) {
            return property(property.group(1), property.group(2), property.group(3));
        } else if (did.matches()) {
            return words().did(did);
        } else if (spent.matches()) {
            return words().spent(spent);
        } else if (lower.startsWith("did:") || lower.startsWith("spent")) {
            throw new IllegalArgumentException("write did:type[@channel]>=count[/days d] (did:purchase>=2/90d) or "
                    + "spent>=amount[/days d] (spent>=500/365d)");
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
        } else if (added(lower) != null) {
            return added(lower).condition(word);
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

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Whether the words can only be one query: no name word, an email word (indexed), or groups
     * joined with {@code or}. Otherwise {@link SearchPlan} looks the name words up first.
     */
    boolean oneQuery() {
        return nameWords.isEmpty() || indexedWord || groups.size() > 1;
    }

    List<NameWord> nameWords() {
        return nameWords;
    }

    Object parameterValue(String name) {
        return parameters.get(name);
    }

    CommonPrefixes known() {
        return known;
    }

    /** Replaces a name word's condition with one naming only the columns it matches in. */
    void rewrite(NameWord word, String condition) {
        groups.get(word.group()).set(word.position(), condition);
    }

    /** The words as a JPQL condition on {@code c}, a {@code ContactEntity}. */
    String where() {
        List<String> either = new ArrayList<>();
        for (List<String> group : groups) {
            either.add("(" + String.join(" and ", group) + ")");
        }
        return either.size() == 1 ? either.get(0) : "(" + String.join(" or ", either) + ")";
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
                    .setParameter("p", parameters.get(word.parameter())).setMaxResults(SearchPlan.FEW).getResultList();
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

}
