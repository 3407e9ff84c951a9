package org.rapport.rules.api.shell;

import org.rapport.rules.api.RulesEngine;

/** The rules completers on a given engine, as Karaf's @Reference would set it, for tests in other packages. */
public final class RulesCompleters {

    private RulesCompleters() {
    }

    public static RulePackageCompleter packages(RulesEngine rules) {
        RulePackageCompleter completer = new RulePackageCompleter();
        completer.rules = rules;
        return completer;
    }

    public static RuleReleaseCompleter releases(RulesEngine rules) {
        RuleReleaseCompleter completer = new RuleReleaseCompleter();
        completer.rules = rules;
        return completer;
    }
}
