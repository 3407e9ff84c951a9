package org.rapport.sales.impl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A public web form allowed to capture leads, from {@code forms} in {@code etc/org.rapport.sales.cfg}:
 * {@code key|source|purposes}, purposes joined by '+'. The key names the form in its public path and grants nothing else.
 *
 * @param source the source its leads get
 * @param purposes the consent purposes the form may collect
 */
record WebForm(String key, String source, Set<String> purposes) {

    /** @throws IllegalArgumentException naming the entry at fault */
    static Map<String, WebForm> parse(String[] configured) {
        String[] entries = ConfigLists.split(configured);
        Map<String, WebForm> forms = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String[] parts = entries[i].strip().split("\\|", -1);
            String where = "forms[" + i + "] '" + entries[i] + "': ";
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException(where + "write key|source|purposes");
            }
            String key = parts[0].strip();
            String source = parts[1].strip();
            if (!key.matches("[a-z0-9][a-z0-9-]{0,59}") || !source.matches("[a-z0-9][a-z0-9-]{0,39}")) {
                throw new IllegalArgumentException(where + "key and source are lower-case letters, digits and '-'");
            }
            List<String> purposes = parts.length == 3 && !parts[2].isBlank()
                    ? Arrays.stream(parts[2].split("\\+")).map(String::strip).collect(Collectors.toList()) : new ArrayList<>();
            if (forms.put(key, new WebForm(key, source, new TreeSet<>(purposes))) != null) {
                throw new IllegalArgumentException(where + "the key is named twice");
            }
        }
        return forms;
    }
}
