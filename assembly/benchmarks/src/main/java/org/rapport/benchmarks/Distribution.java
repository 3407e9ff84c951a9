package org.rapport.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

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

    /** An analyst made by the administrator ({@code POST /api/v1/users}): the Basic authorization to call with. */
    static String analyst(ServerNode node) {
        String name = "bench-analyst";
        String password = "bench-analyst-password-1";
        expect(201, node.admin("POST", "/users", "{\"name\": \"" + name + "\", \"password\": \"" + password
                + "\", \"roles\": [\"analyst\"]}"), "the analyst");
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The reply, if it has {@code status}; else the benchmark fails naming {@code what}. */
    static ServerNode.Reply expect(int status, ServerNode.Reply reply, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(what + ": " + reply.status() + " " + reply.body());
        }
        return reply;
    }
}
