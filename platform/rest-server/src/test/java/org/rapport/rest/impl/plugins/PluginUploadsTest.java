package org.rapport.rest.impl.plugins;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;
import org.rapport.rest.ApiException;

/**
 * Staging and rejecting uploads, on a real staging folder. Approving and uninstalling go through
 * Karaf's KAR service and are tested on the started distribution ({@code PluginIT}).
 */
public class PluginUploadsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path staging;
    private PluginUploads uploads;

    @Before
    public void createUploads() throws IOException {
        staging = folder.newFolder("plugin-uploads").toPath();
        uploads = uploads(staging);
    }

    private static PluginUploads uploads(Path staging) {
        PluginUploads.Config config = (PluginUploads.Config) Proxy.newProxyInstance(PluginUploads.Config.class.getClassLoader(),
                new Class<?>[] {PluginUploads.Config.class}, (proxy, method, args) -> method.getDefaultValue());
        ApiVersions versions = new ApiVersions(() -> Map.of(
                "org.rapport.loyalty.api", List.of(Version.parseVersion("1.3.0")),
                "org.rapport.contacts.api", List.of(Version.parseVersion("2.1.0"))));
        return new PluginUploads(null, versions, staging, config);
    }

    @Test
    public void anUploadIsStagedWithWhatItDeclaresAndTheApiVersionsThisServerLacks() throws IOException {
        Upload upload = uploads.stage(new ByteArrayInputStream(Kars.referrals().bytes()), "referrals.kar", "admin");

        assertEquals("pending", upload.state());
        assertEquals("referrals", upload.name());
        assertEquals("admin", upload.uploadedBy());
        assertEquals(List.of("referrals"), upload.features());
        assertEquals(List.of("sms", "email"), upload.bundles().get(0).declares().channels());
        assertTrue("its own package, which the KAR brings, is no need", upload.bundles().get(0).apiVersions().stream()
                .noneMatch(n -> n.packageName().startsWith("org.rapport.examples")));
        assertEquals("the contacts API 3.x is not exported here (2.1.0 is); the optional segments import does not count",
                List.of("org.rapport.examples.referrals: org.rapport.contacts.api [3.0,4) (exported: 2.1.0)"), upload.unsatisfied());
        assertTrue(Files.isRegularFile(staging.resolve(upload.id() + ".kar")));
        assertEquals(List.of(upload.id()), uploads.list().stream().map(Upload::id).toList());
        ApiException refused = assertThrows(ApiException.class, () -> uploads.approve(upload.id(), "admin"));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage(), refused.getMessage().contains("org.rapport.contacts.api [3.0,4)"));
    }

    @Test
    public void aRejectedUploadsFileIsDeletedAndItCannotBeDecidedAgain() throws IOException {
        Upload upload = uploads.stage(new ByteArrayInputStream(Kars.referrals().bytes()), null, "admin");

        assertEquals("named after its first feature", "referrals", upload.name());
        assertEquals("rejected", uploads.reject(upload.id(), "admin").state());
        assertFalse(Files.exists(staging.resolve(upload.id() + ".kar")));
        assertEquals(404, assertThrows(ApiException.class, () -> uploads.reject(upload.id(), "admin")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> uploads.approve(upload.id(), "admin")).status());
    }

    @Test
    public void aRefusedUploadIsA400NamingTheProblemAndLeavesNoFile() throws IOException {
        byte[] slip = Kars.referrals().entry("repository/../../deploy/evil.jar", "x").bytes();

        ApiException refused = assertThrows(ApiException.class,
                () -> uploads.stage(new ByteArrayInputStream(slip), "evil.kar", "admin"));
        assertEquals(400, refused.status());
        assertEquals("kar", refused.fields().get(0).field());
        assertTrue(refused.fields().get(0).message(), refused.fields().get(0).message().contains("repository/../../deploy/evil.jar"));
        try (var files = Files.list(staging)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void aBrowserFormsFileIsStagedUnderItsOwnNameAndABadFormLeavesNoFile() throws IOException {
        String type = "multipart/form-data; boundary=xyz";
        byte[] kar = Kars.referrals().bytes();
        byte[] head = ("--xyz\r\nContent-Disposition: form-data; name=\"kar\"; filename=\"referrals-2.kar\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--xyz--\r\n".getBytes(StandardCharsets.US_ASCII);

        Upload upload = uploads.stageForm(new SequenceInputStream(new ByteArrayInputStream(head),
                new SequenceInputStream(new ByteArrayInputStream(kar), new ByteArrayInputStream(tail))), type, null, "admin");

        assertEquals("referrals-2", upload.name());
        assertEquals(kar.length, upload.bytes());
        assertEquals(List.of("referrals"), upload.features());
        assertTrue(Files.isRegularFile(staging.resolve(upload.id() + ".kar")));
        assertEquals("rejected", uploads.reject(upload.id(), "admin").state());

        byte[] twoFiles = concat(head, kar, ("\r\n--xyz\r\nContent-Disposition: form-data; name=\"again\"; filename=\"b.kar\""
                + "\r\n\r\nx").getBytes(StandardCharsets.US_ASCII), tail);
        ApiException refused = assertThrows(ApiException.class,
                () -> uploads.stageForm(new ByteArrayInputStream(twoFiles), type, null, "admin"));
        assertEquals("again", refused.fields().get(0).field());
        byte[] slip = concat(head, Kars.referrals().entry("repository/../x.jar", "x").bytes(), tail);
        refused = assertThrows(ApiException.class, () -> uploads.stageForm(new ByteArrayInputStream(slip), type, null, "admin"));
        assertEquals("the KAR's own checks apply to a form's file", "kar", refused.fields().get(0).field());
        assertEquals("Content-Type", assertThrows(ApiException.class, () -> uploads.stageForm(new ByteArrayInputStream(kar),
                "multipart/form-data", null, "admin")).fields().get(0).field());
        try (var files = Files.list(staging)) {
            assertEquals(0, files.count());
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    public void aNameThatIsAPathIsRefused() throws IOException {
        byte[] kar = Kars.referrals().bytes();
        for (String name : List.of("../deploy/x.kar", "/tmp/x", "http://example.com/x.kar", "a b.kar")) {
            ApiException refused = assertThrows(ApiException.class, () -> uploads.stage(new ByteArrayInputStream(kar), name, "admin"));
            assertTrue(name + ": " + refused.fields(), refused.fields().get(0).message().contains("is not a KAR's name"));
        }
    }

    @Test
    public void filesStagedBeforeAStartAreDeleted() throws IOException {
        Files.write(staging.resolve("0123456789abcdef.kar"), Kars.referrals().bytes());
        Files.createDirectories(staging.resolve("fedcba9876543210")).resolve("referrals.kar").toFile().createNewFile();

        uploads(staging);

        try (var files = Files.list(staging)) {
            assertEquals(0, files.count());
        }
    }
}
