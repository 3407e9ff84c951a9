package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.persistence.Transactions;

/**
 * Property definitions in table {@code CONTACT_PROPERTY_DEF}, read into memory and read again
 * after a change here or, for changes another node made, after {@link #FRESH} at most.
 */
@Component(service = ContactProperties.class)
public class ContactPropertiesImpl implements ContactProperties {

    static final Duration FRESH = Duration.ofSeconds(10);
    private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
    private static final int MAX_CHOICES = 100;
    private static final int MAX_CHOICE = 100;
    private static final int MAX_LABEL = 100;

    private record Snapshot(Map<String, PropertyDefinition> byName, Instant readAt) {
    }

    private final EntityManagerFactory emf;
    private final Clock clock;
    private volatile Snapshot snapshot;

    @Activate
    public ContactPropertiesImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    public ContactPropertiesImpl(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    private Map<String, PropertyDefinition> byName() {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current == null || current.readAt().plus(FRESH).isBefore(now)) {
            Map<String, PropertyDefinition> read = new TreeMap<>();
            Transactions.read(emf, em -> em.createQuery("select d from PropertyDefinitionEntity d",
                    PropertyDefinitionEntity.class).getResultList()).forEach(d -> read.put(d.toDto().name(), d.toDto()));
            current = new Snapshot(Map.copyOf(read), now);
            snapshot = current;
        }
        return current.byName();
    }

    @Override
    public List<PropertyDefinition> definitions() {
        return List.copyOf(new TreeMap<>(byName()).values());
    }

    @Override
    public Optional<PropertyDefinition> definition(String name) {
        return Optional.ofNullable(name == null ? null : byName().get(name));
    }

    @Override
    public PropertyDefinition define(PropertyDefinition definition) {
        PropertyDefinition checked = check(definition);
        try {
            return Transactions.inTransaction(emf, em -> {
                PropertyDefinitionEntity stored = em.find(PropertyDefinitionEntity.class, checked.name());
                if (stored == null) {
                    em.persist(new PropertyDefinitionEntity(checked, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
                    return checked;
                }
                PropertyDefinition before = stored.toDto();
                if (before.type() != checked.type()) {
                    throw new ContactValidationException(Map.of("type", "property " + checked.name() + " is "
                            + before.type().label() + "; a type cannot change (remove the property and define it again)"),
                            true);
                }
                Set<String> dropped = new LinkedHashSet<>(before.choices());
                dropped.removeAll(checked.choices());
                if (!dropped.isEmpty()) {
                    long holders = em.createQuery("select count(v) from ContactPropertyEntity v where v.name = :name "
                            + "and v.text in :dropped", Long.class).setParameter("name", checked.name())
                            .setParameter("dropped", new ArrayList<>(dropped)).getSingleResult();
                    if (holders > 0) {
                        throw new ContactValidationException(Map.of("choices", holders + " contacts hold " + dropped
                                + ", which the new choices leave out"), true);
                    }
                }
                stored.apply(checked);
                return checked;
            });
        } finally {
            snapshot = null;
        }
    }

    private static PropertyDefinition check(PropertyDefinition definition) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (definition == null || definition.name() == null || !NAME.matcher(definition.name()).matches()) {
            errors.put("name", "'" + (definition == null ? null : definition.name()) + "' is not a property name: a "
                    + "lower-case letter, then letters and digits, at most 40, such as birthDate");
            throw new ContactValidationException(errors);
        }
        if (definition.label().length() > MAX_LABEL) {
            errors.put("label", "is longer than " + MAX_LABEL + " characters");
        }
        List<String> choices = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String choice : definition.choices()) {
            String c = choice == null ? "" : choice.strip();
            if (c.isEmpty() || c.length() > MAX_CHOICE || c.contains("\n")) {
                errors.put("choices", "'" + choice + "' is not a choice: 1 to " + MAX_CHOICE + " characters on one line");
            } else if (!seen.add(c.toLowerCase(java.util.Locale.ROOT))) {
                errors.put("choices", "'" + c + "' is there twice");
            } else {
                choices.add(c);
            }
        }
        if (definition.type() == PropertyType.CHOICE && choices.isEmpty() && !errors.containsKey("choices")) {
            errors.put("choices", "a choice property needs its choices");
        } else if (definition.type() != PropertyType.CHOICE && !choices.isEmpty()) {
            errors.put("choices", "only a choice property has choices, not a " + definition.type().label() + " one");
        } else if (choices.size() > MAX_CHOICES) {
            errors.put("choices", "at most " + MAX_CHOICES + " choices, not " + choices.size());
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return new PropertyDefinition(definition.name(), definition.label(), definition.type(), choices);
    }

    @Override
    public long remove(String name) {
        try {
            return Transactions.inTransaction(emf, em -> {
                PropertyDefinitionEntity stored = name == null ? null : em.find(PropertyDefinitionEntity.class, name);
                if (stored == null) {
                    throw new ContactValidationException(Map.of("name", "there is no property '" + name + "'"));
                }
                long held = em.createQuery("delete from ContactPropertyEntity v where v.name = :name")
                        .setParameter("name", name).executeUpdate();
                em.remove(stored);
                return held;
            });
        } finally {
            snapshot = null;
        }
    }
}
