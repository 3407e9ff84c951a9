package org.rapport.segments.impl;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactSearchWord;
import org.rapport.persistence.Transactions;

/** {@code segment:name} in the contact search: the segment's members. */
@Component(service = ContactSearchWord.class, property = ContactSearchWord.PREFIX + "=" + SegmentWord.NAME)
public class SegmentWord implements ContactSearchWord {

    static final String NAME = "segment";
    private static final Pattern SEGMENT_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final EntityManagerFactory emf;

    @Activate
    public SegmentWord(@Reference(target = "(osgi.unit.name=rapport-segments)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public Condition condition(String word) {
        String name = word.substring(NAME.length() + 1).toLowerCase(Locale.ROOT);
        if (!SEGMENT_NAME.matcher(name).matches()
                || !Transactions.read(emf, em -> em.find(SegmentEntity.class, name) != null)) {
            throw new IllegalArgumentException("there is no segment '" + name + "'");
        }
        return new Condition("exists (select 1 from SEGMENT_MEMBER m where m.SEGMENT_NAME = ? and m.CONTACT_ID = "
                + CONTACT_ID + ")", List.of(name));
    }
}
