package org.rapport.rules.impl;

import java.util.Map;

import org.kie.api.KieBase;
import org.rapport.rules.api.Release;

/**
 * A release together with what it needs to run: its knowledge base, its sources as written and
 * as compiled (decision tables translated to DRL), and whether the knowledge base is the
 * interpreted one the gate built or the compiled one that replaces it ({@link ExecutableModel}).
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

    ActiveRelease(Release release, PackageCompiler.Result built, Map<String, String> files,
            FactClassLoader classLoader) {
        this(release, built.kieBase, files, built.drl, built.declaresDecisions, classLoader, false);
    }

    private ActiveRelease(Release release, KieBase kieBase, Map<String, String> files, Map<String, String> drl,
            boolean declaresDecisions, FactClassLoader classLoader, boolean compiled) {
        this.release = release;
        this.kieBase = kieBase;
        this.files = files;
        this.drl = drl;
        this.declaresDecisions = declaresDecisions;
        this.classLoader = classLoader;
        this.compiled = compiled;
    }

    /** The same rules serving under another number (another node accepted them first). */
    ActiveRelease as(Release other) {
        return new ActiveRelease(other, kieBase, files, drl, declaresDecisions, classLoader, compiled);
    }

    /** This release running on its compiled knowledge base. */
    ActiveRelease compiledTo(KieBase compiledBase) {
        return new ActiveRelease(release, compiledBase, files, drl, declaresDecisions, classLoader, true);
    }
}
