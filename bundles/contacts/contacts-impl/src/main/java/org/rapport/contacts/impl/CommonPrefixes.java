package org.rapport.contacts.impl;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name prefixes a search found common in a column (more than {@link SearchPlan#FEW}
 * contacts start with them), so that later searches skip looking them up again. Only "common"
 * is remembered, because only it stays safe when contacts change: a column remembered for a
 * prefix stays in the prefix's condition (at worst a column that no longer matches is read),
 * and a word taken for common is sought window by window, which finds every match however few
 * there are. Whether a prefix is rare, or matches nothing, is looked up by every search. Bounded:
 * when full, it starts over.
 */
final class CommonPrefixes {

    private static final int MAX = 10_000;

    private final Set<String> common = ConcurrentHashMap.newKeySet();

    boolean common(String column, Object prefix) {
        return common.contains(column + ' ' + prefix);
    }

    void learn(String column, Object prefix) {
        if (common.size() >= MAX) {
            common.clear();
        }
        common.add(column + ' ' + prefix);
    }
}
