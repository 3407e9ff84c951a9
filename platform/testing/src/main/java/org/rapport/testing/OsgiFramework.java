package org.rapport.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.rules.ExternalResource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * A JUnit rule: a real OSGi framework (Felix, as Karaf runs) started in a folder of its own for
 * each test, for code that reads bundles, their manifests and their services. Bundles are built
 * in the test ({@link #install}). The test's module declares {@code org.apache.felix.framework}
 * before {@code osgi.core}, whose older OSGi classes would otherwise shadow the framework's.
 */
public final class OsgiFramework extends ExternalResource {

    private final String systemPackagesExtra;
    private Path storage;
    private Framework framework;

    /** @param systemPackagesExtra packages of the test's class path the framework exports, or null */
    public OsgiFramework(String systemPackagesExtra) {
        this.systemPackagesExtra = systemPackagesExtra;
    }

    @Override
    protected void before() throws Exception {
        storage = Files.createTempDirectory("rapport-osgi");
        Map<String, String> properties = new java.util.HashMap<>(Map.of(Constants.FRAMEWORK_STORAGE, storage.toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        if (systemPackagesExtra != null) {
            properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, systemPackagesExtra);
        }
        framework = new FrameworkFactory().newFramework(properties);
        framework.start();
    }

    @Override
    protected void after() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException e) {
            throw new IllegalStateException("the test's OSGi framework did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(storage)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The system bundle's context. */
    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The framework itself, to refresh or adapt. */
    public Framework framework() {
        return framework;
    }

    /** Installs a bundle built from the manifest headers given and the class files of the classes given. */
    public Bundle install(String symbolicName, Map<String, String> headers, List<Class<?>> classes)
            throws BundleException {
        return context().installBundle("test:" + symbolicName, jar(symbolicName, headers, classes));
    }

    /** A bundle: its manifest with the headers given, and the class files of the classes given. */
    public static InputStream jar(String symbolicName, Map<String, String> headers, List<Class<?>> classes) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
