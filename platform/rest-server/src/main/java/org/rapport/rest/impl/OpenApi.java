package org.rapport.rest.impl;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import org.rapport.rest.Access;
import org.rapport.rest.Public;
import org.rapport.rest.RapportApi;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 document of the API, read from the resource classes themselves: their paths,
 * methods, path and query parameters, request and response bodies (records become object schemas),
 * and who may call each operation ({@code security} and {@code x-rapport-roles}). Because it is
 * derived from the classes that serve the requests, it cannot drift from them.
 */
final class OpenApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, POST.class, PUT.class,
            PATCH.class, DELETE.class, HEAD.class);

    private OpenApi() {
    }

    static ObjectNode document(Collection<Class<?>> resources, String version) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("openapi", "3.0.3");
        doc.putObject("info").put("title", "Rapport API").put("version", version);
        doc.putArray("servers").addObject().put("url", RapportApi.BASE_PATH);
        Map<String, ObjectNode> paths = new TreeMap<>();
        ObjectNode schemas = MAPPER.createObjectNode();
        resources.stream().sorted(Comparator.comparing(Class::getName)).forEach(resource -> {
            String base = path(resource.getAnnotation(Path.class));
            Method[] methods = resource.getMethods();
            java.util.Arrays.sort(methods, Comparator.comparing(Method::getName));
            for (Method method : methods) {
                for (Class<? extends Annotation> verb : VERBS) {
                    if (method.isAnnotationPresent(verb) && !Modifier.isStatic(method.getModifiers())) {
                        String path = join(base, path(method.getAnnotation(Path.class)));
                        ObjectNode item = paths.computeIfAbsent(path, p -> MAPPER.createObjectNode());
                        item.set(verb.getSimpleName().toLowerCase(), operation(resource, method, schemas));
                    }
                }
            }
        });
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode components = doc.putObject("components");
        components.set("schemas", schemas);
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic");
        schemes.putObject("apiKey").put("type", "apiKey").put("in", "header").put("name", RapportApi.API_KEY_HEADER);
        return doc;
    }

    private static ObjectNode operation(Class<?> resource, Method method, ObjectNode schemas) {
        ObjectNode op = MAPPER.createObjectNode();
        op.put("operationId", resource.getSimpleName().replace("Resource", "") + "." + method.getName());
        ArrayNode parameters = op.putArray("parameters");
        java.lang.reflect.Parameter[] params = method.getParameters();
        for (int i = 0; i < params.length; i++) {
            PathParam pathParam = params[i].getAnnotation(PathParam.class);
            QueryParam queryParam = params[i].getAnnotation(QueryParam.class);
            if (pathParam != null || queryParam != null) {
                ObjectNode parameter = parameters.addObject();
                parameter.put("name", pathParam != null ? pathParam.value() : queryParam.value());
                parameter.put("in", pathParam != null ? "path" : "query");
                parameter.put("required", pathParam != null);
                parameter.set("schema", schema(params[i].getParameterizedType(), schemas));
            } else if (!params[i].isAnnotationPresent(Context.class)) {
                ObjectNode content = op.putObject("requestBody").put("required", true).putObject("content");
                for (String type : consumed(method.getAnnotation(Consumes.class), resource.getAnnotation(Consumes.class))) {
                    content.putObject(type).set("schema", type.equals(MediaType.MULTIPART_FORM_DATA)
                            ? fileForm(schema(params[i].getParameterizedType(), schemas))
                            : schema(params[i].getParameterizedType(), schemas));
                }
            }
        }
        if (parameters.isEmpty()) {
            op.remove("parameters");
        }
        ObjectNode responses = op.putObject("responses");
        Type returned = method.getGenericReturnType();
        ObjectNode ok = responses.putObject(method.isAnnotationPresent(POST.class) && returned == Response.class ? "201" : "200");
        ok.put("description", "success");
        if (returned != Response.class && returned != void.class) {
            ok.putObject("content").putObject(mediaType(method.getAnnotation(Produces.class),
                    resource.getAnnotation(Produces.class))).set("schema", schema(returned, schemas));
        }
        ObjectNode error = MAPPER.createObjectNode();
        error.putObject("content").putObject("application/json").set("schema", schema(org.rapport.rest.ApiError.class, schemas));
        error.put("description", "an error, in the one error format");
        responses.set("default", error);
        access(op, resource, method);
        return op;
    }

    /** The media types an operation takes: its own, else its resource's, else JSON. */
    private static List<String> consumed(Consumes onMethod, Consumes onResource) {
        Consumes declared = onMethod != null ? onMethod : onResource;
        return declared == null || declared.value().length == 0 ? List.of("application/json") : List.of(declared.value());
    }

    /** A form of one file field, whose content is {@code file}. */
    private static ObjectNode fileForm(JsonNode file) {
        ObjectNode form = MAPPER.createObjectNode().put("type", "object");
        form.putObject("properties").set("file", file);
        return form;
    }

    /** The media type an operation takes or gives: its own first, else its resource's, else JSON. */
    private static String mediaType(Object onMethod, Object onResource) {
        for (Object declared : new Object[] {onMethod, onResource}) {
            String[] types = declared instanceof Consumes c ? c.value() : declared instanceof Produces p ? p.value() : null;
            if (types != null && types.length > 0) {
                return types[0];
            }
        }
        return "application/json";
    }

    private static void access(ObjectNode op, Class<?> resource, Method method) {
        boolean isPublic = method.isAnnotationPresent(Public.class)
                || (!method.isAnnotationPresent(Access.class) && resource.isAnnotationPresent(Public.class));
        ArrayNode roles = op.putArray("x-rapport-roles");
        if (isPublic) {
            op.putArray("security");
            roles.add("anyone");
            return;
        }
        Access access = method.isAnnotationPresent(Access.class) ? method.getAnnotation(Access.class) : resource.getAnnotation(Access.class);
        roles.add(Roles.ADMIN);
        ArrayNode security = op.putArray("security");
        security.addObject().putArray("basic");
        if (access != null) {
            for (String role : access.roles()) {
                roles.add(role);
            }
            if (!access.scope().isEmpty()) {
                op.put("x-rapport-scope", access.scope());
                security.addObject().putArray("apiKey");
            }
        }
    }

    static ObjectNode schema(Type type, ObjectNode schemas) {
        return schema(type, schemas, Map.of());
    }

    private static ObjectNode schema(Type type, ObjectNode schemas, Map<String, Type> bindings) {
        ObjectNode schema = MAPPER.createObjectNode();
        if (type instanceof TypeVariable<?> variable) {
            return schema(bindings.getOrDefault(variable.getName(), Object.class), schemas, Map.of());
        }
        if (type instanceof ParameterizedType generic) {
            Class<?> raw = (Class<?>) generic.getRawType();
            Type[] args = generic.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                schema.put("type", "array");
                if (java.util.Set.class.isAssignableFrom(raw)) {
                    schema.put("uniqueItems", true);
                }
                schema.set("items", schema(args[0], schemas, bindings));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw)) {
                schema.put("type", "object");
                schema.set("additionalProperties", schema(args[1], schemas, bindings));
                return schema;
            }
            if (raw.isRecord()) {
                Map<String, Type> bound = new TreeMap<>();
                TypeVariable<?>[] variables = raw.getTypeParameters();
                for (int i = 0; i < variables.length; i++) {
                    bound.put(variables[i].getName(), args[i] instanceof TypeVariable<?> v ? bindings.getOrDefault(v.getName(), Object.class) : args[i]);
                }
                return record(raw, schemas, bound);
            }
            return schema(raw, schemas, bindings);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class || c == char.class || c == Character.class) {
            schema.put("type", "string");
        } else if (java.io.InputStream.class.isAssignableFrom(c) || javax.ws.rs.core.StreamingOutput.class.isAssignableFrom(c)) {
            schema.put("type", "string").put("format", "binary");
        } else if (c == long.class || c == Long.class || c == BigInteger.class) {
            schema.put("type", "integer").put("format", "int64");
        } else if (c == int.class || c == Integer.class || c == short.class || c == Short.class) {
            schema.put("type", "integer").put("format", "int32");
        } else if (c == BigDecimal.class || c == double.class || c == Double.class || c == float.class || c == Float.class) {
            schema.put("type", "number");
        } else if (c == boolean.class || c == Boolean.class) {
            schema.put("type", "boolean");
        } else if (c == Instant.class) {
            schema.put("type", "string").put("format", "date-time");
        } else if (c == LocalDate.class) {
            schema.put("type", "string").put("format", "date");
        } else if (c.isEnum()) {
            schema.put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(constant.toString());
            }
        } else if (c.isArray() || Collection.class.isAssignableFrom(c)) {
            schema.put("type", "array");
            schema.set("items", c.isArray() ? schema(c.getComponentType(), schemas, bindings) : MAPPER.createObjectNode());
        } else if (c.isRecord()) {
            return record(c, schemas, bindings);
        } else {
            schema.put("type", "object");
        }
        return schema;
    }

    /** A record: a named component schema when it has no type parameters, else inline. */
    private static ObjectNode record(Class<?> record, ObjectNode schemas, Map<String, Type> bindings) {
        ObjectNode schema = MAPPER.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (RecordComponent component : record.getRecordComponents()) {
            properties.set(component.getName(), schema(component.getGenericType(), schemas, bindings));
        }
        if (record.getTypeParameters().length > 0) {
            return schema;
        }
        String name = record.getSimpleName();
        if (!schemas.has(name)) {
            schemas.set(name, schema);
        }
        ObjectNode ref = MAPPER.createObjectNode();
        ref.put("$ref", "#/components/schemas/" + name);
        return ref;
    }

    private static String path(Path path) {
        return path == null ? "" : path.value();
    }

    private static String join(String base, String sub) {
        String joined = "/" + base.replaceAll("^/|/$", "") + (sub.isEmpty() ? "" : "/" + sub.replaceAll("^/|/$", ""));
        return joined.replaceAll("//+", "/");
    }
}
