package org.rapport.rest.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.Consumes;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.ext.MessageBodyReader;
import javax.ws.rs.ext.MessageBodyWriter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsMediaType;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.rapport.rest.ApiException;
import org.rapport.rest.FieldError;
import org.rapport.rest.RapportApi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and writes the API's JSON. A body that is not JSON, or not the JSON the resource expects,
 * is refused with a 400 that says where: the line and column of a syntax error, or the path of
 * every field that is unknown, of the wrong type or holds control characters. A body over the size
 * limit is refused with a 413 before it is parsed in full. Messages quote what was sent only in
 * part, and never name the parser's classes.
 */
@Component(service = {MessageBodyReader.class, MessageBodyWriter.class}, configurationPid = HttpGuard.PID)
@JaxrsExtension
@JaxrsName(JsonProvider.NAME)
@JaxrsApplicationSelect(RapportApi.APPLICATION_SELECT)
@JaxrsMediaType(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class JsonProvider implements MessageBodyReader<Object>, MessageBodyWriter<Object> {

    static final String NAME = "rapport.json";

    private final ObjectMapper mapper;
    private final long maxBytes;

    @Activate
    public JsonProvider(HttpGuard.Config config) {
        // The guard's stream holds each request to its route's limit; this one bounds what any route may send.
        this(Math.max(config.maxRequestBytes(), config.maxRouteRequestBytes()));
    }

    JsonProvider(long maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = Json.mapper((int) Math.min(Integer.MAX_VALUE, maxBytes));
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        // A resource that takes the body as a stream reads the bytes as sent (a signed webhook checks its
        // signature over them); the web server's own reader hands them over, within the same size limit.
        return isJson(mediaType) && type != InputStream.class;
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        // A resource that streams its own bytes (an export) writes them itself.
        return isJson(mediaType) && !StreamingOutput.class.isAssignableFrom(type);
    }

    private static boolean isJson(MediaType mediaType) {
        return mediaType == null || mediaType.isWildcardType()
                || "json".equals(mediaType.getSubtype()) || mediaType.getSubtype().endsWith("+json");
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return read(genericType == null ? type : genericType, new LimitedInputStream(body, maxBytes));
    }

    Object read(Type type, InputStream body) throws IOException {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new ApiException(400, "malformed_json", "the JSON is refused: " + constraint(e));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiException(400, "malformed_json", "malformed JSON" + where + ": " + Messages.plain(e.getOriginalMessage()));
        }
        if (tree == null || tree.isMissingNode()) {
            throw new ApiException(400, "malformed_json", "the request body is empty; a JSON document is expected");
        }
        List<FieldError> errors = new ArrayList<>();
        ControlCharacters.find(tree, "", errors);
        return bind(mapper.constructType(type), tree, errors);
    }

    /**
     * The tree as {@code type}. Jackson stops at the first field it cannot bind; each such field is
     * noted and taken out of the tree and binding tried again, so that one answer names every
     * field at fault, not only the first.
     */
    private Object bind(JavaType type, JsonNode tree, List<FieldError> errors) throws IOException {
        Set<String> reported = new HashSet<>();
        errors.forEach(e -> reported.add(e.field()));
        while (true) {
            try {
                Object value = mapper.readerFor(type).readValue(tree);
                if (errors.isEmpty()) {
                    return value;
                }
                throw ApiException.invalid(errors);
            } catch (StreamConstraintsException e) {
                errors.add(new FieldError("(body)", "the JSON is refused: " + constraint(e)));
                throw ApiException.invalid(errors);
            } catch (DatabindException e) {
                JsonMappingException mapping = (JsonMappingException) e;
                FieldError error = fieldError(mapping, tree);
                if (!reported.add(error.field())) {
                    throw ApiException.invalid(errors);
                }
                errors.add(error);
                if (errors.size() >= ControlCharacters.MAX_REPORTED || !setAside(tree, mapping)) {
                    throw ApiException.invalid(errors);
                }
            }
        }
    }

    /**
     * Takes the field at fault out of the tree so that binding can go on to the next: a field
     * that must be a primitive gets its zero, any other field is removed (an array element
     * becomes null). False if there is nothing to set aside.
     */
    private static boolean setAside(JsonNode tree, JsonMappingException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty()) {
            return false;
        }
        JsonNode parent = tree;
        for (int i = 0; i < path.size() - 1 && parent != null; i++) {
            JsonMappingException.Reference step = path.get(i);
            parent = step.getFieldName() != null ? parent.get(step.getFieldName()) : parent.get(step.getIndex());
        }
        JsonMappingException.Reference last = path.get(path.size() - 1);
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        JsonNode zero = target == null || !target.isPrimitive() ? null
                : target == boolean.class ? BooleanNode.FALSE : IntNode.valueOf(0);
        if (last.getFieldName() != null && parent instanceof ObjectNode object) {
            if (zero != null) {
                object.set(last.getFieldName(), zero);
            } else {
                object.remove(last.getFieldName());
            }
            return true;
        }
        if (last.getIndex() >= 0 && parent instanceof ArrayNode array && last.getIndex() < array.size()) {
            array.set(last.getIndex(), zero == null ? NullNode.getInstance() : zero);
            return true;
        }
        return false;
    }

    /** What a limit of the parser refused, in the API's words rather than the parser's. */
    private String constraint(StreamConstraintsException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "it is nested deeper than " + Json.MAX_NESTING_DEPTH + " levels";
        }
        if (message.contains("String value length")) {
            return "a string is longer than " + maxBytes + " characters";
        }
        if (message.contains("Number value length")) {
            return "a number has too many digits";
        }
        return "it is larger than the parser allows";
    }

    private static FieldError fieldError(JsonMappingException e, JsonNode tree) {
        String path = path(e.getPath());
        String message;
        if (!e.getPath().isEmpty() && tree.at(pointer(e.getPath())).isMissingNode()
                && e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "is required: " + describe(mismatch.getTargetType());
        } else if (String.valueOf(e.getOriginalMessage()).startsWith("Number value length")) {
            message = "is too long to be a number";
        } else if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            known.sort(null);
            message = "unknown field; the fields are " + known;
        } else if (e instanceof IgnoredPropertyException) {
            message = "this field may not be set";
        } else if (e instanceof InvalidNullException) {
            message = "may not be null";
        } else if (e instanceof InvalidFormatException format) {
            message = "'" + Messages.elide(String.valueOf(format.getValue()), 60) + "' is not " + describe(format.getTargetType());
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            message = Messages.plain(e.getCause().getMessage());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else {
            message = Messages.plain(e.getOriginalMessage());
        }
        return new FieldError(path.isEmpty() ? "(body)" : Messages.elide(path), message);
    }

    private static JsonPointer pointer(List<JsonMappingException.Reference> references) {
        JsonPointer pointer = JsonPointer.empty();
        for (JsonMappingException.Reference reference : references) {
            pointer = reference.getFieldName() != null ? pointer.appendProperty(reference.getFieldName())
                    : pointer.appendIndex(Math.max(0, reference.getIndex()));
        }
        return pointer;
    }

    /** The field path as {@code items[2].email}. */
    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type.isEnum()) {
            List<String> values = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(constant.toString());
            }
            return "one of " + values;
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return type == int.class || type == long.class || type == Integer.class || type == Long.class
                    ? "a whole number" : "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.getName().startsWith("java.time.")) {
            return "an ISO-8601 " + type.getSimpleName() + " such as "
                    + (type.getSimpleName().equals("LocalDate") ? "2026-11-22" : "2026-11-22T10:15:30Z");
        }
        if (type.isArray() || Iterable.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        mapper.writerFor(mapper.constructType(genericType == null ? type : genericType)).writeValue(out, value);
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
