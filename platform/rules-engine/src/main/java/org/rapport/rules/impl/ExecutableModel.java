package org.rapport.rules.impl;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.drools.compiler.kie.builder.impl.InternalKieModule;
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

/**
 * Compiles rule files to Drools' executable model: every constraint, consequence, function and
 * declared type becomes plain Java, compiled once to classes that the {@link Sandbox} reads before
 * any of them is loaded. This is the only form in which rules run: no constraint is interpreted
 * (an interpreted MVEL expression could call any method by reflection, which no check of compiled
 * classes would see), so whatever runs has been judged.
 *
 * <p>Once a release serves, its alpha network (each fact type's single-fact constraints, range and
 * hash indexes included) can be compiled to Java as well, one class per fact type: a fact passes
 * through direct calls of its constraints instead of a walk over node objects. Those classes are
 * judged by the sandbox too before they are loaded.
 */
final class ExecutableModel {

    /** Thrown when the alpha network cannot be compiled; the release keeps running on its nodes. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** The outcome of compiling: the classes to judge, or Drools' errors. Nothing of it is loaded yet. */
    static final class Compilation {
        final List<Message> errors;
        /** The name each rule file was written under for Drools, to the file's own name. */
        final Map<String, String> fileNames;
        final Map<String, byte[]> classes;
        private final KieServices services;
        private final ReleaseId id;

        private Compilation(List<Message> errors, Map<String, String> fileNames, Map<String, byte[]> classes,
                KieServices services, ReleaseId id) {
            this.errors = errors;
            this.fileNames = fileNames;
            this.classes = classes;
            this.services = services;
            this.id = id;
        }

        /** Loads the judged classes and builds the knowledge base; Drools' repository keeps nothing of it. */
        KieBase load(ClassLoader classLoader) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(classLoader);
            try {
                KieContainer container = services.newKieContainer(id, classLoader);
                return container.getKieBase();
            } finally {
                discard();
                thread.setContextClassLoader(previous);
            }
        }

        /** Forgets the compiled module without loading anything of it. */
        void discard() {
            services.getRepository().removeKieModule(id);
        }
    }

    private static final AtomicLong BUILDS = new AtomicLong();
    private static final Pattern LINE_BREAK = Pattern.compile("\\R");
    private static final Pattern PACKAGE = Pattern.compile(
            "(?m)^\\s*package\\s+([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)");

    private ExecutableModel() {
    }

    /**
     * Generates and compiles the Java of these DRL sources (decision tables already translated).
     * Each compilation is its own Maven release id in Drools' repository, removed again when it is
     * loaded or discarded, so nothing accumulates there however often releases change.
     */
    static Compilation compile(String rulePackage, Map<String, String> drl, ClassLoader classLoader) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        KieServices services = KieServices.Factory.get();
        ReleaseId id = services.newReleaseId("org.rapport.rules.executable", artifactId(rulePackage),
                "1." + BUILDS.incrementAndGet());
        try {
            KieFileSystem files = services.newKieFileSystem();
            files.generateAndWritePomXML(id);
            Map<String, String> fileNames = new HashMap<>();
            int n = 0;
            for (Map.Entry<String, String> source : drl.entrySet()) {
                // Decision tables arrive translated: every source is written as DRL, in the folder of
                // its package as Drools expects, numbered so that no two files meet.
                Matcher declared = PACKAGE.matcher(source.getValue());
                String folder = declared.find() ? declared.group(1).replace('.', '/') + "/" : "";
                String path = folder + (n++) + "-" + fileName(source.getKey()) + ".drl";
                fileNames.put(path, source.getKey());
                files.write("src/main/resources/" + path, source.getValue());
            }
            KieBuilder builder = services.newKieBuilder(files, classLoader).buildAll(ExecutableModelProject.class);
            List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
            Map<String, byte[]> classes = new HashMap<>();
            if (errors.isEmpty()) {
                InternalKieModule module = (InternalKieModule) builder.getKieModule();
                for (String name : module.getFileNames()) {
                    if (name.endsWith(".class")) {
                        classes.put(name, module.getBytes(name));
                    }
                }
            }
            return new Compilation(errors, fileNames, classes, services, id);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Compiles the knowledge base's alpha network to Java and puts it in place of the nodes, fact
     * type by fact type, once the sandbox has judged the compiled classes. If it cannot be
     * compiled the knowledge base keeps its nodes, which decide the same.
     */
    static void compileAlphaNetwork(String rulePackage, InternalKnowledgeBase kieBase, Sandbox sandbox)
            throws Unavailable {
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
            ClassLoader parent = new AlphaNetworkLoader(kieBase.getRootClassLoader());
            Map<String, byte[]> classes = KieMemoryCompiler.compileNoLoad(sources, parent, null, CompilerType.ECLIPSE);
            List<Sandbox.Violation> violations = sandbox.forAlphaNetwork().verify(classes);
            if (!violations.isEmpty()) {
                throw new Unavailable("its compiled alpha network is refused: " + violations.stream()
                        .map(Sandbox.Violation::message).distinct().collect(Collectors.joining("; ")));
            }
            MemoryCompilerClassLoader loader = new MemoryCompilerClassLoader(parent);
            classes.forEach(loader::addCode);
            for (CompiledNetworkSources network : networks.values()) {
                network.createInstanceAndSet(loader.loadClass(network.getName()));
            }
        } catch (RuntimeException | ClassNotFoundException | LinkageError e) {
            throw new Unavailable(e.toString());
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

    /**
     * Resolves what a compiled alpha network needs of Drools' nodes (alpha-network.allow) besides
     * what the release's own loader resolves; the rules' classes never see it.
     */
    private static final class AlphaNetworkLoader extends ClassLoader {
        private static final AllowList NETWORK = AllowList.alphaNetworks();

        AlphaNetworkLoader(ClassLoader release) {
            super(release);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return NETWORK.allowsType(name) ? ExecutableModel.class.getClassLoader().loadClass(name)
                    : super.loadClass(name, resolve);
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
