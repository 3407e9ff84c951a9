package org.rapport.rest.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Reads and writes the API's JSON. A body that is not JSON, or not the JSON the resource expects,
 * is refused with a 400 that says where: the line and column of a syntax error, or the path of
 * the field that is unknown, missing or of the wrong type. A body over the size limit is refused
 * with a 413 before it is parsed in full.
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
        this(config.maxRequestBytes());
    }

    JsonProvider(long maxBytes) {
        this.maxBytes = maxBytes;
        this.mapper = Json.mapper((int) Math.min(Integer.MAX_VALUE, maxBytes));
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return isJson(mediaType);
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
        try {
            return mapper.readerFor(mapper.constructType(type)).readValue(body);
        } catch (StreamConstraintsException e) {
            throw new ApiException(400, "malformed_json", "the JSON is refused: " + firstLine(e.getOriginalMessage()));
        } catch (DatabindException e) {
            throw fieldError((JsonMappingException) e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ApiException(400, "malformed_json", "malformed JSON" + where + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    private static ApiException fieldError(JsonMappingException e) {
        String path = path(e.getPath());
        if (e instanceof MismatchedInputException && e.getPath().isEmpty()
                && e.getOriginalMessage().startsWith("No content to map")) {
            return new ApiException(400, "malformed_json", "the request body is empty; a JSON document is expected");
        }
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            List<String> known = new ArrayList<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            known.sort(null);
            message = "unknown field; the fields are " + known;
        } else if (e instanceof IgnoredPropertyException) {
            message = "this field may not be set";
        } else if (e instanceof InvalidNullException) {
            message = "may not be null";
        } else if (e instanceof InvalidFormatException format) {
            message = "'" + format.getValue() + "' is not " + describe(format.getTargetType());
        } else if (e instanceof ValueInstantiationException && e.getCause() != null) {
            message = firstLine(e.getCause().getMessage());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + describe(mismatch.getTargetType());
        } else {
            message = firstLine(e.getOriginalMessage());
        }
        return ApiException.invalid(List.of(new FieldError(path.isEmpty() ? "(body)" : path, message)));
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
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
