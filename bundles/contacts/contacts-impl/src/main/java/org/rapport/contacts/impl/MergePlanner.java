package org.rapport.contacts.impl;

import static org.rapport.contacts.api.ContactMerger.FIELDS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactMerger.MergeChoice;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.api.NewContact;

/**
 * Works out what merging two live contacts gives: for each field where they differ, the value
 * chosen (the survivor's unless it is empty or the merged contact's is asked for), and the tags
 * the survivor gains.
 */
final class MergePlanner {

    static final String PROPERTY = "properties.";

    /** The two contacts, the fields where they differ with the choice for each, and the survivor after. */
    record Plan(Contact survivor, Contact merged, List<MergePreview.Field> fields, NewContact result,
            Set<String> addedTags) {
    }

    private MergePlanner() {
    }

    static Plan plan(EntityManager em, long survivorId, long mergedId, Map<String, MergeChoice> choices) {
        if (survivorId == mergedId) {
            throw new ContactValidationException(Map.of("mergedId", "a contact cannot be merged with itself"));
        }
        Contact survivor = live(em, "survivorId", survivorId);
        Contact merged = live(em, "mergedId", mergedId);
        Map<String, MergeChoice> chosen = choices == null ? Map.of() : choices;
        Set<String> names = new TreeSet<>(survivor.properties().keySet());
        names.addAll(merged.properties().keySet());
        Map<String, String> errors = new LinkedHashMap<>();
        chosen.forEach((field, choice) -> {
            boolean known = FIELDS.contains(field)
                    || field.startsWith(PROPERTY) && names.contains(field.substring(PROPERTY.length()));
            if (!known || choice == null) {
                errors.put("choices." + field, known ? "survivor or merged" : "not a field either contact has; one of "
                        + FIELDS + " or properties.<name>");
            }
        });
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        List<MergePreview.Field> fields = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> sv = fieldsOf(survivor);
        Map<String, Object> mv = fieldsOf(merged);
        for (String field : FIELDS) {
            values.put(field, pick(field, sv.get(field), mv.get(field), chosen, fields));
        }
        Map<String, Object> props = new TreeMap<>();
        for (String name : names) {
            Object value = pick(PROPERTY + name, survivor.properties().get(name), merged.properties().get(name), chosen,
                    fields);
            if (value != null) {
                props.put(name, value);
            }
        }
        Set<String> tags = new TreeSet<>(survivor.tags());
        Set<String> added = new TreeSet<>();
        for (String tag : merged.tags()) {
            if (tags.size() < ContactDetails.MAX_TAGS && tags.add(tag)) {
                added.add(tag);
            }
        }
        Object channel = values.get("preferredChannel");
        NewContact result = new NewContact(survivor.email(), (String) values.get("firstName"),
                (String) values.get("lastName"), (String) values.get("phone"), (String) values.get("language"),
                channel == null ? null : channel.toString(), tags, (Address) values.get("address"),
                (String) values.get("owner"), (Long) values.get("accountId"), props,
                survivor.timeZone() != null ? survivor.timeZone() : merged.timeZone());
        return new Plan(survivor, merged, fields, result, added);
    }

    private static Map<String, Object> fieldsOf(Contact c) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", c.firstName());
        fields.put("lastName", c.lastName());
        fields.put("phone", c.phone());
        fields.put("language", c.language());
        fields.put("preferredChannel", c.preferredChannel() == null ? null : c.preferredChannel().name());
        fields.put("address", c.address().isEmpty() ? null : c.address());
        fields.put("owner", c.owner());
        fields.put("accountId", c.accountId());
        return fields;
    }

    /** The survivor's value unless it is empty or the choice is the merged contact's; a field that differs is listed. */
    private static Object pick(String field, Object survivor, Object merged, Map<String, MergeChoice> choices,
            List<MergePreview.Field> fields) {
        if (Objects.equals(survivor, merged)) {
            return survivor;
        }
        MergeChoice choice = choices.getOrDefault(field, survivor == null ? MergeChoice.MERGED : MergeChoice.SURVIVOR);
        fields.add(new MergePreview.Field(field, survivor, merged, choice));
        return choice == MergeChoice.MERGED ? merged : survivor;
    }

    private static Contact live(EntityManager em, String field, long id) {
        ContactEntity entity = em.find(ContactEntity.class, id);
        if (entity == null) {
            throw new ContactValidationException(Map.of(field, "there is no contact " + id));
        }
        if (entity.mergedInto() != null) {
            throw new ContactValidationException(Map.of(field, "contact " + id + " was merged into contact "
                    + entity.mergedInto()), true);
        }
        return ContactRows.withDetails(em, List.of(entity)).get(0);
    }
}
