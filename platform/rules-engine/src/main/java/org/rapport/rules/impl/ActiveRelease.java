package org.rapport.rules.impl;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.kie.api.KieBase;
import org.rapport.rules.api.Release;

/**
 * A release together with what it needs to run: its knowledge base, its sources as written and
 * as compiled (decision tables translated to DRL), and whether the knowledge base is the one the
 * gate built or the one with its alpha network compiled to Java that replaces it
 * ({@link ExecutableModel}).
 */
final class ActiveRelease {

    final Release release;
    final KieBase kieBase;
    final Map<String, String> files;
    /** The DRL the gate accepted, one entry per rule file; what the compiled form is built from. */
    final Map<String, String> drl;
    final boolean declaresDecisions;
    final FactClassLoader classLoader;
    final boolean compiled;
    /** How many evaluations of this release overran their budget or firing limit, in either form. */
    final AtomicInteger overruns;

    ActiveRelease(Release release, PackageCompiler.Result built, Map<String, String> files,
            FactClassLoader classLoader) {
        this(release, built.kieBase, files, built.drl, built.declaresDecisions, classLoader, false, new AtomicInteger());
    }

    private ActiveRelease(Release release, KieBase kieBase, Map<String, String> files, Map<String, String> drl,
            boolean declaresDecisions, FactClassLoader classLoader, boolean compiled, AtomicInteger overruns) {
        this.release = release;
        this.kieBase = kieBase;
        this.files = files;
        this.drl = drl;
        this.declaresDecisions = declaresDecisions;
        this.classLoader = classLoader;
        this.compiled = compiled;
        this.overruns = overruns;
    }

    /** The same rules serving under another number (another node accepted them first). */
    ActiveRelease as(Release other) {
        return new ActiveRelease(other, kieBase, files, drl, declaresDecisions, classLoader, compiled, overruns);
    }

    /** This release running on its compiled knowledge base. */
    ActiveRelease compiledTo(KieBase compiledBase) {
        return new ActiveRelease(release, compiledBase, files, drl, declaresDecisions, classLoader, true, overruns);
    }
}
