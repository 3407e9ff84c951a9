package org.rapport.rules.impl;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.drools.ancompiler.CompiledNetworkSources;
import org.drools.ancompiler.ObjectTypeNodeCompiler;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.core.reteoo.Rete;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.kie.memorycompiler.JavaConfiguration.CompilerType;
import org.kie.memorycompiler.KieMemoryCompiler;
import org.kie.memorycompiler.KieMemoryCompiler.MemoryCompilerClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds Drools' executable model of rules the gate has already accepted. The gate compiles a
 * candidate the quick way (DRL interpreted, constraints compiled to bytecode as they warm up),
 * which puts a release in service within a fraction of a second. The executable model turns every
 * constraint and consequence into plain Java, compiled once, and evaluates faster (a 100-rule
 * package almost twice as fast in the benchmarks), but takes a few times longer to build: so the
 * engine builds it after a release is serving and switches the release over to it once its
 * scenarios pass on it too (see {@link DroolsRulesEngine}). The sources are the DRL the gate
 * checked, decision tables already translated, so no rule reaches the executable model without
 * having passed the policy.
 *
 * <p>The alpha network (each fact type's single-fact constraints, range and hash indexes included)
 * is then compiled to Java as well, one class per fact type: a fact passes through direct calls of
 * its constraints instead of a walk over node objects. The constraints are the executable model's
 * own; nothing new reaches the rules.
 */
final class ExecutableModel {

    /** Thrown when the executable model cannot be built; the release keeps running as it is. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ExecutableModel.class);
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
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
            KieBase kieBase = container.getKieBase();
            compileAlphaNetwork(rulePackage, (InternalKnowledgeBase) kieBase);
            return kieBase;
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            throw new Unavailable(e.toString());
        } finally {
            services.getRepository().removeKieModule(id);
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Compiles the knowledge base's alpha network to Java and puts it in place of the nodes, fact
     * type by fact type. If it cannot be compiled the knowledge base keeps its nodes, which decide
     * the same, and a warning says why.
     */
    private static void compileAlphaNetwork(String rulePackage, InternalKnowledgeBase kieBase) {
        try {
            Map<String, CompiledNetworkSources> networks = ObjectTypeNodeCompiler.compiledNetworkSourceMap(kieBase.getRete());
            if (networks.isEmpty()) {
                return;
            }
            Map<String, String> descriptions = multiLineDescriptions(kieBase.getRete());
            Map<String, String> sources = new HashMap<>();
            networks.forEach((name, network) -> {
                String source = network.getSource();
                for (Map.Entry<String, String> description : descriptions.entrySet()) {
                    source = source.replace(description.getKey(), description.getValue());
                }
                sources.put(name, source);
            });
            // Eclipse's compiler, as for the rules: the JDK's cannot see bundles' classes.
            ClassLoader parent = kieBase.getRootClassLoader();
            MemoryCompilerClassLoader loader = new MemoryCompilerClassLoader(parent);
            KieMemoryCompiler.compileNoLoad(sources, parent, null, CompilerType.ECLIPSE).forEach(loader::addCode);
            for (CompiledNetworkSources network : networks.values()) {
                network.createInstanceAndSet(loader.loadClass(network.getName()));
            }
        } catch (RuntimeException | ClassNotFoundException | LinkageError e) {
            LOG.warn("Rule package '{}': alpha network not compiled to Java, its nodes evaluate it: {}", rulePackage,
                    e.toString());
        }
    }

    /**
     * The descriptions of alpha nodes that span lines, each with the same on one line. Drools writes
     * a node's description, its condition as written, after {@code //} in the source; a condition
     * written over several lines would end that comment early and break the source.
     */
    private static Map<String, String> multiLineDescriptions(Rete rete) {
        Map<String, String> descriptions = new HashMap<>();
        Deque<ObjectSink> nodes = new ArrayDeque<>();
        for (ObjectTypeNode type : rete.getObjectTypeNodes()) {
            nodes.addAll(Arrays.asList(type.getObjectSinkPropagator().getSinks()));
        }
        while (!nodes.isEmpty()) {
            if (nodes.pop() instanceof AlphaNode alpha) {
                String description = alpha.toString();
                if (LINE_BREAK.matcher(description).find()) {
                    descriptions.put(description, LINE_BREAK.matcher(description).replaceAll(" "));
                }
                nodes.addAll(Arrays.asList(alpha.getObjectSinkPropagator().getSinks()));
            }
        }
        return descriptions;
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
