package org.rapport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/** What the benchmarks that start the assembled distribution share: the archive, a key, contacts. */
final class Distribution {

    private Distribution() {
    }

    /** The distribution's archive, named by {@code -Drapport.distribution=<tar.gz>}. */
    static Path archive() {
        Path archive = Path.of(System.getProperty("rapport.distribution", ""));
        if (!Files.isRegularFile(archive)) {
            throw new IllegalArgumentException("-Drapport.distribution must name the distribution's tar.gz, not '"
                    + archive + "'");
        }
        return archive;
    }

    /** A new API key with these scopes, issued by the administrator. */
    static String apiKey(ServerNode node, String... scopes) {
        ServerNode.Reply issued = node.admin("POST", "/keys", "{\"name\": \"benchmark\", \"scopes\": "
                + ServerNode.JSON.valueToTree(scopes) + "}");
        if (issued.status() != 201) {
            throw new IllegalStateException("no API key: " + issued.status() + " " + issued.body());
        }
        return issued.json().get("secret").asText();
    }

    /** Creates {@code count} contacts ({@code <prefix><n>@example.com}) and answers their ids. */
    static long[] contacts(ServerNode node, String key, int count, String prefix) {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ServerNode.Reply created = node.call("POST", "/contacts", "{\"email\": \"" + prefix + i + "@example.com\"}",
                    "X-API-Key", key);
            if (created.status() != 201) {
                throw new IllegalStateException("contact not created: " + created.status() + " " + created.body());
            }
            ids[i] = created.json().get("id").asLong();
        }
        return ids;
    }

    /** The active release of a rule package, as {@code GET /api/v1/rules/{package}} shows it. */
    static long activeRelease(ServerNode node, String rulePackage) {
        ServerNode.Reply view = node.admin("GET", "/rules/" + rulePackage, null);
        JsonNode active = view.json().path("active");
        if (view.status() != 200 || !active.has("version")) {
            throw new IllegalStateException(rulePackage + " has no active release: " + view.status() + " " + view.body());
        }
        return active.get("version").asLong();
    }
}
