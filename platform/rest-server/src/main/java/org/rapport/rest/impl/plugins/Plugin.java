package org.rapport.rest.impl.plugins;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.rapport.guard.PluginManifest;
import org.rapport.guard.Refusal;

/**
 * A plugin, what it declares it needs, so that the administrator sees it before starting it, and
 * what Rapport refused of it because it was not declared.
 *
 * @param personalData the personal data it keeps of its own (erased by its erasure participant), or null for none
 * @param channels the message channels it adds (it reaches customers)
 * @param rulePackages the rule packages it brings
 * @param restPaths the REST paths it serves
 * @param offerSources the offer sources it registers (it proposes offers for customers)
 * @param refused what it registered and its manifest does not declare, ignored by Rapport, oldest first
 */
public record Plugin(String name, String version, String description, long bundleId, String symbolicName,
        String personalData, List<String> channels, List<String> rulePackages, List<String> restPaths,
        List<String> offerSources, List<Refused> refused) {

    /** One refused registration: its kind ({@code rest-path}, {@code channel}, …), its name, why, and when. */
    public record Refused(String kind, String name, String reason, Instant at) {

        static Refused of(Refusal refusal) {
            return new Refused(refusal.kind().word(), refusal.name(), refusal.reason(), refusal.at());
        }

        @Override
        public String toString() {
            return kind + " '" + name + "': " + reason;
        }
    }

    static Plugin of(PluginManifest m, long bundleId, String symbolicName, List<Refusal> refusals) {
        return new Plugin(m.name(), m.version(), m.description(), bundleId, symbolicName, m.personalData(), m.channels(),
                m.rulePackages(), m.restPaths(), m.offerSources(), refusals.stream().map(Refused::of).toList());
    }

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
        if (!offerSources.isEmpty()) {
            needs.add("offer sources " + offerSources);
        }
        if (!refused.isEmpty()) {
            needs.add(refused.size() + " undeclared registration(s) REFUSED");
        }
        return String.join("; ", needs);
    }
}
