package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.rapport.rest.impl.security.ApiKeysResource;
import org.rapport.rest.impl.security.UsersResource;

import com.fasterxml.jackson.databind.JsonNode;

public class OpenApiTest {

    private final JsonNode doc = OpenApi.document(
            List.of(HealthResource.class, UsersResource.class, ApiKeysResource.class, OpenApiResource.class), "1.2.3");

    @Test
    public void everyResourceMethodIsAnOperation() {
        JsonNode paths = doc.get("paths");
        assertEquals(List.of("/health", "/health/ready", "/keys", "/keys/{id}", "/openapi.json", "/users", "/users/{name}",
                "/users/{name}/password", "/users/{name}/roles"), names(paths));
        assertEquals(List.of("delete", "get"), names(paths.get("/keys/{id}")));
        assertEquals(List.of("get", "post"), names(paths.get("/users")));
    }

    @Test
    public void parametersBodiesAndResponsesComeFromTheSignatures() {
        JsonNode create = doc.get("paths").get("/users").get("post");
        assertEquals("#/components/schemas/NewUser",
                create.get("requestBody").get("content").get("application/json").get("schema").get("$ref").asText());
        assertTrue(create.get("responses").has("201"));
        JsonNode newUser = doc.get("components").get("schemas").get("NewUser").get("properties");
        assertEquals("array", newUser.get("roles").get("type").asText());
        assertTrue(newUser.get("roles").get("uniqueItems").asBoolean());
        JsonNode get = doc.get("paths").get("/users/{name}").get("get");
        assertEquals("path", get.get("parameters").get(0).get("in").asText());
        assertEquals("#/components/schemas/ApiError",
                get.get("responses").get("default").get("content").get("application/json").get("schema").get("$ref").asText());
        JsonNode health = doc.get("components").get("schemas").get("RuleRelease").get("properties");
        assertEquals("date-time", health.get("activatedAt").get("format").asText());
        assertEquals("int64", health.get("version").get("format").asText());
    }

    @Test
    public void aBodyThatIsNotJsonIsDescribedAsItsResourceDeclaresIt() {
        JsonNode upload = OpenApi.document(List.of(org.rapport.rest.impl.plugins.PluginUploadsResource.class), "1.2.3")
                .get("paths").get("/" + org.rapport.rest.impl.plugins.PluginUploadsResource.PATH).get("post");
        JsonNode body = upload.get("requestBody").get("content");
        assertEquals(List.of("application/octet-stream", "multipart/form-data"), names(body));
        assertEquals("binary", body.get("application/octet-stream").get("schema").get("format").asText());
        assertEquals("binary", body.get("multipart/form-data").get("schema").get("properties").get("file").get("format").asText());
    }

    @Test
    public void operationsSayWhoMayCallThem() {
        JsonNode health = doc.get("paths").get("/health").get("get");
        assertEquals(0, health.get("security").size());
        assertEquals("anyone", health.get("x-rapport-roles").get(0).asText());
        JsonNode users = doc.get("paths").get("/users").get("get");
        assertEquals(List.of("admin"), texts(users.get("x-rapport-roles")));
        JsonNode password = doc.get("paths").get("/users/{name}/password").get("put");
        assertEquals(List.of("admin", "analyst", "agent"), texts(password.get("x-rapport-roles")));
        assertFalse("no scope: not open to API keys", password.has("x-rapport-scope"));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
