package org.rapport.rest.impl.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** KAR files for the tests, built entry by entry the way karaf-maven-plugin lays them out. */
final class Kars {

    static final String FEATURES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <features name="referrals-1.0.0" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                <feature name="referrals" version="1.0.0" install="auto">
                    <bundle>mvn:org.rapport.examples/referrals/1.0.0</bundle>
                </feature>
            </features>
            """;

    static final String CAPABILITY = "org.rapport.plugin; org.rapport.plugin=\"referrals\"; version:Version=\"1.0.0\"; "
            + "description=\"Referral programme; a referred customer's first purchase, earns points\"; "
            + "personal-data=\"read\"; channels:List<String>=\"sms,email\"; rule-packages:List<String>=\"referrals\"; "
            + "rest-paths:List<String>=\"/api/v1/referrals\"";

    static final String IMPORTS = "org.osgi.framework;version=\"[1.10,2)\",org.rapport.loyalty.api;version=\"[1.2,2)\","
            + "org.rapport.contacts.api;version=\"[3.0,4)\",org.rapport.segments.api;resolution:=optional;version=\"[9,10)\","
            + "org.rapport.examples.referrals";

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    static Kars referrals() throws IOException {
        return new Kars().entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n")
                .entry("repository/org/rapport/examples/referrals-kar/1.0.0/referrals-kar-1.0.0-features.xml", FEATURES)
                .entry("repository/org/rapport/examples/referrals/1.0.0/referrals-1.0.0.jar",
                        bundle("org.rapport.examples.referrals", CAPABILITY, IMPORTS));
    }

    Kars entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    Kars entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return zip.toByteArray();
    }

    static byte[] bundle(String symbolicName, String capability, String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        main.putValue("Bundle-Version", "1.0.0");
        if (capability != null) {
            main.putValue("Provide-Capability", capability);
        }
        if (imports != null) {
            main.putValue("Import-Package", imports);
            main.putValue("Export-Package", "org.rapport.examples.referrals;version=\"1.0.0\"");
        }
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            out.putNextEntry(new ZipEntry("org/rapport/examples/referrals/Referrals.class"));
            out.write(new byte[] {(byte) 0xca, (byte) 0xfe});
            out.closeEntry();
        }
        return jar.toByteArray();
    }
}
