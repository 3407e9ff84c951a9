package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.rapport.contacts.api.ContactSearchWord;

/**
 * A word another bundle added to the search, as JPQL: its SQL condition goes through EclipseLink's
 * {@code SQL()} function, since it reads that bundle's tables, which this unit does not map. The
 * contact's id and the word's values are passed as the function's arguments, so they are bound as
 * parameters, never written into the statement.
 */
final class AddedWord {

    private final ContactSearchWord word;
    /** Binds a value and answers its parameter, {@code :p3}. */
    private final Function<Object, String> parameter;

    AddedWord(ContactSearchWord word, Function<Object, String> parameter) {
        this.word = word;
        this.parameter = parameter;
    }

    /** The word's condition on {@code c}. */
    String condition(String text) {
        ContactSearchWord.Condition condition = word.condition(text);
        String sql = condition.sql();
        StringBuilder template = new StringBuilder();
        List<String> arguments = new ArrayList<>();
        int value = 0;
        for (int i = 0; i < sql.length(); i++) {
            if (sql.startsWith(ContactSearchWord.CONTACT_ID, i)) {
                template.append('?');
                arguments.add("c.id");
                i += ContactSearchWord.CONTACT_ID.length() - 1;
            } else if (sql.charAt(i) == '?') {
                if (value == condition.values().size()) {
                    throw new IllegalStateException("the condition of '" + text + "' has more '?' than values");
                }
                template.append('?');
                arguments.add(parameter.apply(condition.values().get(value++)));
            } else {
                template.append(sql.charAt(i) == '\'' ? "''" : sql.charAt(i));
            }
        }
        if (value != condition.values().size()) {
            throw new IllegalStateException("the condition of '" + text + "' has fewer '?' than values");
        }
        // SQL() is a value, not a condition: a CASE makes the word's condition one, true when it is 1.
        return "SQL('CASE WHEN " + template + " THEN 1 ELSE 0 END', " + String.join(", ", arguments) + ") = 1";
    }
}
