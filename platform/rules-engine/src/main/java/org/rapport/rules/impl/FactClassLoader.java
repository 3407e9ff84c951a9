package org.rapport.rules.impl;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The class loader a rule package is compiled and run with, the parent of the loader that defines
 * the package's compiled classes: so every type those classes name is resolved here, and here only
 * allowed names are: the package's fact types, the types on the {@link AllowList}, and Drools' own
 * packages (which the engine itself resolves through this loader; what rules may use of them is
 * judged member by member on their bytes, see {@link Sandbox}). Anything else is not found.
 *
 * <p>Class files are read as resources by the Java compiler, which needs those of every type its
 * input names, allowed or not (to report that a type is refused it must know the type); reading a
 * class file runs nothing, so resources are delegated as they are: the engine's loader first, then
 * the loaders of the bundles that contribute fact types.
 */
final class FactClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, Class<?>> factTypes = new HashMap<>();
    private final List<ClassLoader> contributors;
    private final AllowList allowed;

    FactClassLoader(ClassLoader engine, Collection<Class<?>> factTypes, AllowList allowed) {
        super(engine);
        List<ClassLoader> loaders = new ArrayList<>();
        for (Class<?> type : factTypes) {
            this.factTypes.put(type.getName(), type);
            if (!loaders.contains(type.getClassLoader())) {
                loaders.add(type.getClassLoader());
            }
        }
        this.contributors = List.copyOf(loaders);
        this.allowed = allowed;
    }

    Collection<Class<?>> factTypes() {
        return factTypes.values();
    }

    AllowList allowList() {
        return allowed;
    }

    /** Whether code compiled from rules may resolve the class {@code name} (binary name). */
    boolean mayLoad(String name) {
        return factTypes.containsKey(name) || allowed.allowsType(name) || name.startsWith("org.drools.")
                || name.startsWith("org.kie.");
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        Class<?> fact = factTypes.get(name);
        if (fact != null) {
            return fact;
        }
        if (!mayLoad(name)) {
            throw new ClassNotFoundException(name + " is not available to rules");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
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
