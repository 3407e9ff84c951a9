package org.rapport.rules.impl;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader a rule package is compiled and run with: the engine's own loader first (it
 * sees Drools and the rules API), then the loaders of the bundles that contribute fact types to
 * the package. Drools' Java compiler reads class files as resources, so resources are delegated
 * the same way as classes. Types that {@link RulePolicy} forbids are refused, as classes and as
 * class files.
 */
final class FactClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final List<ClassLoader> contributors;
    private final boolean readsEveryClassFile;

    FactClassLoader(ClassLoader engine, List<ClassLoader> contributors) {
        this(engine, contributors, false);
    }

    private FactClassLoader(ClassLoader engine, List<ClassLoader> contributors, boolean readsEveryClassFile) {
        super(engine);
        this.contributors = List.copyOf(contributors);
        this.readsEveryClassFile = readsEveryClassFile;
    }

    /**
     * The same loader for compiling Java that Rapport generates from rules the gate has already
     * checked ({@link ExecutableModel}): the compiler may read the class files of forbidden types
     * that the JDK's own types refer to (an enum's serialization methods name {@code java.io}
     * types), while loading a forbidden class is still refused.
     */
    FactClassLoader forGeneratedCode() {
        return new FactClassLoader(getParent(), contributors, true);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (RulePolicy.isForbiddenType(name)) {
            throw new ClassNotFoundException(name + " is not available to rules");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        // The Java compiler reads types as class files: refuse those of forbidden types too.
        if (!readsEveryClassFile && name.endsWith(".class")
                && RulePolicy.isForbiddenType(name.substring(0, name.length() - 6).replace('/', '.'))) {
            return null;
        }
        return super.getResource(name);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (ClassLoader contributor : contributors) {
            try {
                return contributor.loadClass(name);
            } catch (ClassNotFoundException notThere) {
                // try the next contributor
            }
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        for (ClassLoader contributor : contributors) {
            URL url = contributor.getResource(name);
            if (url != null) {
                return url;
            }
        }
        return null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (ClassLoader contributor : contributors) {
            urls.addAll(Collections.list(contributor.getResources(name)));
        }
        return Collections.enumeration(urls);
    }
}
