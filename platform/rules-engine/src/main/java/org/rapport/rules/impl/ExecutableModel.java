package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

/**
 * Builds Drools' executable model of rules the gate has already accepted. The gate compiles a
 * candidate the quick way (DRL interpreted, constraints compiled to bytecode as they warm up),
 * which puts a release in service within a fraction of a second. The executable model turns every
 * constraint and consequence into plain Java, compiled once, and evaluates faster (by a fifth to
 * a third in the benchmarks), but takes a few times longer to build: so the engine builds it
 * after a release is serving and switches the release over to it once its scenarios pass on it
 * too (see {@link DroolsRulesEngine}). The sources are the DRL the gate checked, decision tables already
 * translated, so no rule reaches the executable model without having passed the policy.
 */
final class ExecutableModel {

    /** Thrown when the executable model cannot be built; the release keeps running as it is. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern PACKAGE = Pattern.compile(
            "(?m)^\\s*package\\s+([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)");

    private ExecutableModel() {
    }

    /**
     * The knowledge base of these DRL sources as an executable model. Each build is its own Maven
     * release id in Drools' repository, removed again once the knowledge base exists, so nothing
     * accumulates there however often releases change.
     */
    static KieBase build(String rulePackage, Map<String, String> drl, ClassLoader classLoader) throws Unavailable {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        KieServices services = KieServices.Factory.get();
        ReleaseId id = services.newReleaseId("org.rapport.rules.executable", artifactId(rulePackage),
                "1." + BUILDS.incrementAndGet());
        try {
            KieFileSystem files = services.newKieFileSystem();
            files.generateAndWritePomXML(id);
            int n = 0;
            for (Map.Entry<String, String> source : drl.entrySet()) {
                // Decision tables arrive translated: every source is written as DRL, in the folder of
                // its package as Drools expects, numbered so that no two files meet.
                Matcher declared = PACKAGE.matcher(source.getValue());
                String folder = declared.find() ? declared.group(1).replace('.', '/') + "/" : "";
                files.write("src/main/resources/" + folder + (n++) + "-" + fileName(source.getKey()) + ".drl",
                        source.getValue());
            }
            KieBuilder builder = services.newKieBuilder(files, classLoader).buildAll(ExecutableModelProject.class);
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            if (!errors.isEmpty()) {
                throw new Unavailable(errors.stream().map(Message::getText).map(t -> t.replaceAll("\\s+", " "))
                        .limit(3).collect(Collectors.joining("; ")));
            }
            KieContainer container = services.newKieContainer(id, classLoader);
            return container.getKieBase();
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            throw new Unavailable(e.toString());
        } finally {
            services.getRepository().removeKieModule(id);
            thread.setContextClassLoader(previous);
        }
    }

    private static String artifactId(String rulePackage) {
        return "p-" + rulePackage.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The file's name without its extension, in characters any file system takes. */
    private static String fileName(String name) {
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
