package org.rapport.rest.impl.plugins;

import java.util.ArrayList;
import java.util.List;

/**
 * A plugin and what it declares it needs, so that the administrator sees it before starting it.
 *
 * @param personalData the access to personal data it asks for ({@code read}, {@code write}), or null for none
 * @param channels the message channels it adds (it reaches customers)
 * @param rulePackages the rule packages it brings
 * @param restPaths the REST paths it serves under {@code /api/v1}
 */
public record Plugin(String name, String version, String description, long bundleId, String symbolicName,
        String personalData, List<String> channels, List<String> rulePackages, List<String> restPaths) {

    /** The needs in one line, for the log and the shell. */
    public String needs() {
        List<String> needs = new ArrayList<>();
        needs.add(personalData == null ? "no personal data" : "personal data (" + personalData + ")");
        if (!channels.isEmpty()) {
            needs.add("outbound channels " + channels);
        }
        if (!rulePackages.isEmpty()) {
            needs.add("rule packages " + rulePackages);
        }
        if (!restPaths.isEmpty()) {
            needs.add("REST paths " + restPaths);
        }
        return String.join("; ", needs);
    }
}
