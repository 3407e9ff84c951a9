package org.rapport.rest.impl.plugins;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.rapport.guard.PluginManifest;

/**
 * Reads a KAR file without installing anything: checks that it is one (a zip holding a features
 * repository and its bundles under {@code repository/}), that it is safe to unpack (no entry
 * leaving its folder, a limit on entries and on the bytes they unpack to, counted as they are
 * unpacked rather than believed from the headers), and reads each bundle's manifest: its plugin
 * declaration ({@value PluginManifest#NAMESPACE}) and the Rapport API packages it imports.
 * Entries are read in the order Karaf unpacks them (a zip stream, not the central directory), so
 * what is checked is what would be installed. {@code resources/}, which Karaf would copy into the
 * server's own folders, is refused in a KAR uploaded over HTTP, and so is a features repository
 * that would make the server fetch, write or configure what the KAR does not carry
 * ({@link FeaturesXml}).
 */
final class KarArchive {

    /** Limits on a KAR: entries, and bytes once unpacked (the nested bundles' manifests included). */
    record Limits(int maxEntries, long maxUnpackedBytes) {
    }

    /** A Rapport API package a bundle imports, with the version range it needs; {@code optional} if it runs without. */
    record ApiImport(String packageName, String range, boolean optional) {
    }

    /**
     * A bundle of the KAR: its entry, name, version, plugin declaration (or null), the
     * {@code org.rapport.*} packages it imports and the packages it exports (a plugin imports its
     * own exported packages too, which the KAR brings rather than the platform).
     */
    record KarBundle(String entry, String symbolicName, String version, Plugin plugin, List<ApiImport> imports,
            List<String> exports) {
    }

    /** What a KAR holds: its features (by name) and bundles. */
    record Contents(List<String> features, List<KarBundle> bundles) {
    }

    static final int MAX_MANIFEST_BYTES = 256 * 1024;
    static final int MAX_FEATURES_XML_BYTES = 1024 * 1024;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._~+-]+(/[A-Za-z0-9._~+-]+)*/?");

    private KarArchive() {
    }

    /** The contents of the KAR at {@code file}, or an {@link IllegalArgumentException} saying what is wrong and where. */
    static Contents read(Path file, Limits limits) throws IOException {
        List<String> features = new ArrayList<>();
        List<KarBundle> bundles = new ArrayList<>();
        List<FeaturesXml.Repository> repositories = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Budget budget;
        try (InputStream raw = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(raw)) {
            budget = new Budget(zip, limits.maxUnpackedBytes());
            ZipEntry entry;
            int entries = 0;
            while ((entry = nextEntry(zip)) != null) {
                String name = entry.getName();
                if (++entries > limits.maxEntries()) {
                    throw new IllegalArgumentException("the KAR has more than " + limits.maxEntries() + " entries");
                }
                checkName(name);
                if (!names.add(name)) {
                    throw new IllegalArgumentException("the KAR holds the entry " + name + " twice");
                }
                if (!entry.isDirectory() && name.startsWith("repository/") && name.endsWith(".jar")) {
                    bundles.add(bundle(name, budget));
                } else if (!entry.isDirectory() && name.startsWith("repository/") && name.endsWith(".xml")) {
                    FeaturesXml.Repository repository = FeaturesXml.read(name, budget.readAtMost(MAX_FEATURES_XML_BYTES, name));
                    features.addAll(repository.features());
                    repositories.add(repository);
                }
                budget.drain();
            }
            if (entries == 0) {
                throw new IllegalArgumentException("not a KAR: the file is not a zip archive, or an empty one");
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException("not a KAR: no features repository (an .xml file of features) under repository/");
        }
        Set<String> symbolicNames = new HashSet<>();
        bundles.forEach(bundle -> symbolicNames.add(bundle.symbolicName()));
        List<String> refusals = new ArrayList<>();
        for (FeaturesXml.Repository repository : repositories) {
            refusals.addAll(repository.refusals(names, Set.copyOf(features), symbolicNames));
        }
        if (!refusals.isEmpty()) {
            throw new IllegalArgumentException("the KAR would make the server do what a plugin may not: "
                    + String.join("; ", refusals));
        }
        return new Contents(List.copyOf(features), List.copyOf(bundles));
    }

    private static ZipEntry nextEntry(ZipInputStream zip) throws IOException {
        try {
            return zip.getNextEntry();
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException("not a KAR: the zip archive is damaged (" + e.getMessage() + ")");
        }
    }

    /** Only entries under {@code repository/} and {@code META-INF/}, named without {@code ..}, {@code \}, drive letters or a leading {@code /}. */
    static void checkName(String name) {
        if (!SAFE_NAME.matcher(name).matches() || List.of(name.split("/")).contains("..") || List.of(name.split("/")).contains(".")) {
            throw new IllegalArgumentException("the KAR entry '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' has a name that could lead out of its folder or is not a plain path");
        }
        if (name.startsWith("resources/")) {
            throw new IllegalArgumentException("the KAR entry " + name + " is under resources/, which Karaf copies into "
                    + "the server's own folders; a KAR uploaded here may carry only repository/");
        }
        if (!name.startsWith("repository/") && !name.startsWith("META-INF/")) {
            throw new IllegalArgumentException("the KAR entry " + name + " is neither under repository/ nor META-INF/");
        }
    }

    /** A bundle's manifest, which a jar holds at its start (the way {@code JarInputStream} expects it). */
    private static KarBundle bundle(String entry, Budget budget) throws IOException {
        ZipInputStream jar = new ZipInputStream(new FilterInputStream(budget) {
            @Override
            public void close() {
                // The KAR's stream goes on with its next entry.
            }
        });
        ZipEntry first = nextEntry(jar);
        if (first != null && first.getName().equals("META-INF/")) {
            if (jar.read() >= 0) {
                throw new IllegalArgumentException("the bundle " + entry + " has content in its META-INF/ folder entry");
            }
            first = nextEntry(jar);
        }
        if (first == null || !first.getName().equalsIgnoreCase("META-INF/MANIFEST.MF")) {
            throw new IllegalArgumentException("the bundle " + entry + " is not a bundle: its manifest is not at its start");
        }
        byte[] bytes = Budget.readAtMost(jar, MAX_MANIFEST_BYTES, entry + "!/META-INF/MANIFEST.MF");
        budget.count(bytes.length);
        Attributes main = new Manifest(new ByteArrayInputStream(bytes)).getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || symbolicName.isBlank()) {
            throw new IllegalArgumentException("the jar " + entry + " is not an OSGi bundle: its manifest has no Bundle-SymbolicName");
        }
        symbolicName = symbolicName.split(";", 2)[0].trim();
        try {
            Plugin plugin = null;
            for (ManifestHeader.Clause clause : ManifestHeader.parse(main.getValue("Provide-Capability"))) {
                if (clause.paths().contains(PluginManifest.NAMESPACE)) {
                    plugin = PluginRegistry.declared(clause.attributes(), -1, symbolicName);
                }
            }
            List<ApiImport> imports = new ArrayList<>();
            for (ManifestHeader.Clause clause : ManifestHeader.parse(main.getValue("Import-Package"))) {
                Object range = clause.attributes().getOrDefault("version", "0.0.0");
                boolean optional = "optional".equals(clause.directives().get("resolution"));
                clause.paths().stream().filter(p -> p.startsWith("org.rapport."))
                        .forEach(p -> imports.add(new ApiImport(p, range.toString(), optional)));
            }
            List<String> exports = ManifestHeader.parse(main.getValue("Export-Package")).stream()
                    .flatMap(clause -> clause.paths().stream()).toList();
            return new KarBundle(entry, symbolicName, main.getValue("Bundle-Version"), plugin, List.copyOf(imports), exports);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the manifest of " + entry + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The bytes a KAR unpacks to, counted as they are read, over all its entries. */
    static final class Budget extends FilterInputStream {

        private final long limit;
        private long read;

        Budget(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        void count(long n) {
            read += n;
            if (read > limit) {
                throw new IllegalArgumentException("the KAR unpacks to more than the limit of " + limit + " bytes");
            }
        }

        /** Reads the rest of the current entry, so that all of it is counted. */
        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // counted by read
            }
        }

        byte[] readAtMost(int max, String what) throws IOException {
            return readAtMost(this, max, what);
        }

        static byte[] readAtMost(InputStream in, int max, String what) throws IOException {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IllegalArgumentException(what + " is larger than " + max + " bytes");
            }
            return bytes;
        }
    }
}
