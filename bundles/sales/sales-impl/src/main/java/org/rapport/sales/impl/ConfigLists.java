package org.rapport.sales.impl;

import java.util.ArrayList;
import java.util.List;

/** A list setting: a .cfg file gives one comma-separated string, a .config file an array. */
final class ConfigLists {

    private ConfigLists() {
    }

    static String[] split(String[] configured) {
        List<String> values = new ArrayList<>();
        for (String value : configured) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.strip());
                }
            }
        }
        return values.toArray(String[]::new);
    }
}
