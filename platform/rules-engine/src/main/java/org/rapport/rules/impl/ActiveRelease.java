package org.rapport.rules.impl;

import java.util.Map;

import org.kie.api.KieBase;
import org.rapport.rules.api.Release;

/** A release together with what it needs to run: its compiled knowledge base and its sources. */
final class ActiveRelease {

    final Release release;
    final KieBase kieBase;
    final Map<String, String> files;
    final boolean declaresDecisions;
    final ClassLoader classLoader;

    ActiveRelease(Release release, KieBase kieBase, Map<String, String> files, boolean declaresDecisions,
            ClassLoader classLoader) {
        this.release = release;
        this.classLoader = classLoader;
        this.kieBase = kieBase;
        this.files = files;
        this.declaresDecisions = declaresDecisions;
    }
}
