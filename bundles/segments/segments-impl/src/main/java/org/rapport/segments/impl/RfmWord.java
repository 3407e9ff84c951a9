package org.rapport.segments.impl;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.rapport.contacts.api.ContactSearchWord;

/** {@code rfm:r>=4} in the contact search: an RFM score of the last scoring compared. */
@Component(service = ContactSearchWord.class, property = ContactSearchWord.PREFIX + "=rfm")
public class RfmWord implements ContactSearchWord {

    private static final Pattern RFM = Pattern.compile("(?i)rfm:([rfm])(=|<=|>=|<|>)([1-5])");

    @Override
    public Condition condition(String word) {
        Matcher rfm = RFM.matcher(word);
        if (!rfm.matches()) {
            throw new IllegalArgumentException("write rfm:r|f|m>=1..5 (rfm:r>=4)");
        }
        // The operator is one of five, checked above: safe to write into the statement.
        return new Condition("exists (select 1 from CONTACT_RFM s where s.CONTACT_ID = " + CONTACT_ID + " and s."
                + rfm.group(1).toUpperCase(Locale.ROOT) + " " + rfm.group(2) + " ?)", List.of(Integer.valueOf(rfm.group(3))));
    }
}
