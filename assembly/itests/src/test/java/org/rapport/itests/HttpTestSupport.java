package org.rapport.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Before;
import org.rapport.rest.Roles;
import org.rapport.rest.security.UserService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tests that call the REST API over real HTTP: a user per role ({@code itest-admin},
 * {@code itest-analyst}, {@code itest-agent}), and requests with their credentials.
 */
public abstract class HttpTestSupport extends RapportTestSupport {

    protected static final String PASSWORD = "itest-password-1";
    protected static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    protected UserService users;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A response: status, headers and body. */
    protected record Reply(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        String body() {
            return raw.body();
        }
    }

    @Before
    public void usersOfEveryRole() {
        for (String role : List.of(Roles.ADMIN, Roles.ANALYST, Roles.AGENT)) {
            if (users.find("itest-" + role).isEmpty()) {
                users.create("itest-" + role, PASSWORD, Set.of(role));
            }
        }
        await("the REST API is served", () -> {
            try {
                return call("GET", "/health/ready", Map.of(), null).status() == 200;
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    /** HTTP Basic credentials of the test user with {@code role}. */
    protected static String basic(String role) {
        return "Basic " + Base64.getEncoder().encodeToString(("itest-" + role + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    protected Reply call(String method, String path, String authorization, String body) {
        return call(method, path, authorization == null ? Map.of() : Map.of("Authorization", authorization), body);
    }

    /** Calls {@code /api/v1<path>} with these headers and a JSON body (or none). */
    protected Reply call(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://localhost:" + System.getProperty(HTTP_PORT) + "/api/v1" + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::setHeader);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
