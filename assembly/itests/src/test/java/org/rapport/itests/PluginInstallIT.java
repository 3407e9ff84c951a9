package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.BundleContext;
import org.rapport.rest.Roles;
import org.rapport.rules.api.RulePackageStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Administrators install from the API: the example plugin's KAR (the one {@code PluginIT} deploys)
 * uploaded, its declaration and the API versions it needs shown while nothing of it is installed,
 * approved (then it runs), uninstalled (then it is gone), every step audited; a rejected upload's
 * file deleted; a hostile KAR refused; Rapport's features guarded by name; none of it for
 * anyone but administrators.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PluginInstallIT extends HttpTestSupport {

    private static final String KAR_NAME = "referrals-uploaded";

    @Inject
    BundleContext bundleContext;

    @Test
    public void anUploadedPluginRunsOnlyOnceApprovedAndGoesWhenUninstalled() throws Exception {
        String admin = basic(Roles.ADMIN);
        byte[] kar = Files.readAllBytes(Paths.get(System.getProperty(PLUGIN_KAR, "")));
        assertEquals(403, upload(kar, basic(Roles.ANALYST)).status());
        assertEquals(403, call("GET", "/plugins/uploads", basic(Roles.AGENT), null).status());

        Reply uploaded = upload(kar, admin);
        assertEquals(uploaded.body(), 201, uploaded.status());
        JsonNode upload = uploaded.json();
        String id = upload.get("id").asText();
        assertEquals("pending", upload.get("state").asText());
        assertEquals(KAR_NAME, upload.get("name").asText());
        assertTrue(upload.toString(), upload.get("features").toString().contains("\"referrals\""));
        JsonNode declares = upload.get("bundles").get(0).get("declares");
        assertEquals(upload.toString(), "referrals", declares.get("name").asText());
        assertEquals("[\"referrals\"]", declares.get("rulePackages").toString());
        assertEquals("[\"/api/v1/referrals\"]", declares.get("restPaths").toString());
        JsonNode apiVersions = upload.get("bundles").get(0).get("apiVersions");
        assertTrue(apiVersions.toString(), apiVersions.toString().contains("\"packageName\":\"org.rapport."));
        apiVersions.forEach(need -> assertTrue(need.toString(), need.get("satisfied").asBoolean()));
        assertEquals("[]", upload.get("unsatisfied").toString());
        assertTrue("nothing of it is installed before approval", Arrays.stream(bundleContext.getBundles())
                .noneMatch(b -> b.getSymbolicName().startsWith("org.rapport.examples.referrals")));
        assertEquals(404, call("GET", "/plugins/referrals", admin, null).status());

        assertEquals(403, call("POST", "/plugins/uploads/" + id + "/approve", basic(Roles.ANALYST), "{}").status());
        Reply approved = call("POST", "/plugins/uploads/" + id + "/approve", admin, "{}");
        assertEquals(approved.body(), 202, approved.status());
        await("the approved plugin is installed", () -> call("GET", "/plugins/uploads/" + id, admin, null).body()
                .contains("\"state\":\"installed\""));
        await("its rule pack is active", () -> rules.status("referrals")
                .map(s -> s.state() == RulePackageStatus.State.ACTIVE).orElse(false));
        await("its declaration is shown", () -> call("GET", "/plugins/referrals", admin, null).status() == 200);
        assertTrue(call("GET", "/plugins/archives", admin, null).body().contains("\"name\":\"" + KAR_NAME + "\""));
        assertEquals(403, call("DELETE", "/plugins/archives/" + KAR_NAME, basic(Roles.AGENT), null).status());

        Reply removed = call("DELETE", "/plugins/archives/" + KAR_NAME, admin, null);
        assertEquals(removed.body(), 202, removed.status());
        await("the KAR is uninstalled", () -> !call("GET", "/plugins/archives", admin, null).body().contains(KAR_NAME));
        await("the plugin is forgotten", () -> call("GET", "/plugins/referrals", admin, null).body()
                .contains("\"code\":\"not_found\""));
        await("its rules are withdrawn", () -> rules.status("referrals")
                .map(s -> s.state() == RulePackageStatus.State.WITHDRAWN).orElse(true));

        // The uninstall is audited as its operation ends, which is just after the KAR leaves the list.
        await("the uninstall is audited", () -> call("GET", "/audit?action=plugin.uninstall", admin, null).body()
                .contains("\"subject\":\"KAR " + KAR_NAME + "\""));
        String audit = call("GET", "/audit?action=plugin.", admin, null).body();
        for (String action : new String[] {"plugin.upload", "plugin.approve", "plugin.uninstall"}) {
            assertTrue(action + ": " + audit, audit.contains("\"action\":\"" + action + "\""));
        }
        assertTrue(audit, audit.contains("installed as KAR " + KAR_NAME));
    }

    @Test
    public void aRejectedUploadIsDeletedAndAHostileOneRefused() throws Exception {
        String admin = basic(Roles.ADMIN);
        byte[] kar = Files.readAllBytes(Paths.get(System.getProperty(PLUGIN_KAR, "")));
        String id = upload(kar, admin).json().get("id").asText();
        Path staged = Paths.get(System.getProperty("karaf.data"), "plugin-uploads", id + ".kar");
        assertTrue(staged.toString(), Files.isRegularFile(staged));

        Reply rejected = call("POST", "/plugins/uploads/" + id + "/reject", admin, "{}");
        assertEquals(rejected.body(), "rejected", rejected.json().get("state").asText());
        assertFalse(Files.exists(staged));
        assertEquals(404, call("POST", "/plugins/uploads/" + id + "/approve", admin, "{}").status());
        assertTrue(call("GET", "/audit?action=plugin.reject", admin, null).body().contains("plugin upload " + id));

        Reply form = uploadForm(kar, "referrals-form.kar", admin);
        assertEquals(form.body(), 201, form.status());
        assertEquals("named after the form's file", "referrals-form", form.json().get("name").asText());
        assertEquals(kar.length, form.json().get("bytes").asLong());
        String formId = form.json().get("id").asText();
        assertEquals("rejected", call("POST", "/plugins/uploads/" + formId + "/reject", admin, "{}").json().get("state").asText());
        Reply pathName = uploadForm(kar, "../../deploy/evil.kar", admin);
        assertTrue(pathName.body(), pathName.status() == 400 && pathName.body().contains("holds a path"));

        Reply slip = upload(zip("repository/../../deploy/evil.jar"), admin);
        assertEquals(slip.body(), 400, slip.status());
        assertTrue(slip.body(), slip.body().contains("could lead out of its folder"));
        Reply notAKar = upload("just text".getBytes(), admin);
        assertEquals(400, notAKar.status());
        assertTrue(notAKar.body(), notAKar.body().contains("not a KAR"));
    }

    @Test
    public void onlyRapportsOwnFeaturesAreInstalledFromTheApi() {
        String admin = basic(Roles.ADMIN);
        for (String name : new String[] {"ssh", "webconsole", "deployer", "RAPPORT", "mvn:rapport"}) {
            Reply refused = call("POST", "/features/" + name + "/install", admin, "{}");
            assertEquals(name + ": " + refused.body(), 403, refused.status());
        }
        assertEquals(404, call("POST", "/features/rapport-nothing/install", admin, "{}").status());
        assertEquals(403, call("POST", "/features/rapport-segments/uninstall", basic(Roles.ANALYST), "{}").status());
        Reply needed = call("POST", "/features/rapport-rest/uninstall", admin, "{}");
        assertEquals(needed.body(), 409, needed.status());
        Reply part = call("POST", "/features/rapport-segments/uninstall", admin, "{}");
        assertTrue(part.body(), part.status() == 409 && part.body().contains("as part of another feature"));
        Reply installed = call("POST", "/features/rapport-segments/install", admin, "{}");
        assertTrue(installed.body(), installed.status() == 409 && installed.body().contains("installed already"));
        JsonNode segments = call("GET", "/features/rapport-segments", admin, null).json();
        assertTrue(segments.toString(), segments.get("installed").asBoolean());
    }

    /** POSTs a KAR's bytes as an administrator's console does. */
    private Reply upload(byte[] kar, String authorization) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty(HTTP_PORT)
                + "/api/v1/plugins/uploads?name=" + KAR_NAME + ".kar"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(kar)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    /** POSTs a KAR as a browser's form sends its file field: multipart/form-data, the file's name in the part. */
    private Reply uploadForm(byte[] kar, String fileName, String authorization) throws IOException, InterruptedException {
        String boundary = "----RapportFormBoundary" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"kar\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(kar);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty(HTTP_PORT)
                + "/api/v1/plugins/uploads"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
    }

    private static byte[] zip(String entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(Map.of().toString().getBytes());
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
