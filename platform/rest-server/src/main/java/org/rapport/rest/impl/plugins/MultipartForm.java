package org.rapport.rest.impl.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rapport.rest.ApiException;

/**
 * A {@code multipart/form-data} body (RFC 7578) holding one file, as a browser's form sends a file
 * field, read as a stream: the file part's bytes go straight to a sink (never held in memory,
 * never written anywhere the caller did not choose), the other parts (small text fields, such as a
 * form's submit button) are read and dropped. Bounded against a hostile client: the part headers
 * ({@value #MAX_HEADER_BYTES} bytes a part), the number of parts ({@value #MAX_PARTS}) and the size
 * of a part that is not the file ({@value #MAX_FIELD_BYTES} bytes); the body as a whole is bounded
 * by the API's size limit. Every refusal is a 400 naming the part (by its name, else its number).
 */
final class MultipartForm {

    private static final String FORM_DATA = "multipart/form-data";
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_PARTS = 16;
    static final int MAX_FIELD_BYTES = 8 * 1024;

    /** RFC 2046: 1 to 70 characters of a restricted set, not ending with a space. */
    private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");
    private static final Pattern PARAMETER = Pattern.compile(
            ";\\s*([A-Za-z0-9*_.-]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s\"]*))\\s*");
    /** A file name a browser sends: a base name, with no folder, drive or control character. */
    private static final Pattern PATH_CHARACTERS = Pattern.compile("[/\\\\:\\p{Cntrl}]|^\\.\\.?$");

    /** Where a file part's bytes go. */
    interface Sink {
        OutputStream open() throws IOException;
    }

    /** The form's file part: the name of its field and the file name the browser sent (may be empty). */
    record FilePart(String field, String fileName, long bytes) {
    }

    private final InputStream body;
    private final byte[] delimiter;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    /** The first delimiter may come without the line break before it: the body is read as if one came first. */
    private boolean started;
    private int parts;

    private MultipartForm(InputStream body, String boundary) {
        this.body = body;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    }

    /** The boundary of a {@code multipart/form-data} Content-Type, or a 400 saying why it has none. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(FORM_DATA)) {
            throw invalid("Content-Type", "the body is not multipart/form-data");
        }
        String boundary = parameters(contentType.substring(FORM_DATA.length()), "Content-Type").get("boundary");
        if (boundary == null) {
            throw invalid("Content-Type", "multipart/form-data without a boundary parameter");
        }
        if (!BOUNDARY.matcher(boundary).matches()) {
            throw invalid("Content-Type", "the boundary is not 1 to 70 of the characters RFC 2046 allows");
        }
        return boundary;
    }

    /**
     * Reads the form from {@code body}, writing its one file part to {@code sink}. A form with no
     * file part, or several, is refused; so is one whose parts are malformed or too many.
     */
    static FilePart readFile(InputStream body, String boundary, Sink sink) throws IOException {
        return new MultipartForm(body, boundary).read(sink);
    }

    private FilePart read(Sink sink) throws IOException {
        skipPreamble();
        FilePart file = null;
        String emptyField = null;
        while (true) {
            String close = new String(readTwo(), StandardCharsets.US_ASCII);
            if (close.equals("--")) {
                break;
            }
            if (!close.equals("\r\n")) {
                throw invalid("form", "the boundary after part " + parts + " is followed by neither a line break nor '--'");
            }
            if (++parts > MAX_PARTS) {
                throw invalid("form", "the form has more than " + MAX_PARTS + " parts");
            }
            Map<String, String> disposition = disposition(headers());
            String field = disposition.get("name");
            String label = "the part " + (field == null ? "number " + parts : "'" + printable(field) + "'");
            if (field == null || field.isEmpty()) {
                throw invalid("form", label + " has no name in its Content-Disposition");
            }
            String fileName = disposition.containsKey("filename*") ? disposition.get("filename*") : disposition.get("filename");
            if (fileName != null && fileName.isEmpty() && emptyField == null) {
                // A browser sends a file field with an empty file name when no file was chosen.
                emptyField = field;
                fileName = null;
            }
            if (fileName == null) {
                long size = copyPart(OutputStream.nullOutputStream(), MAX_FIELD_BYTES);
                if (size > MAX_FIELD_BYTES) {
                    throw invalid(field, label + " is not a file and is larger than " + MAX_FIELD_BYTES + " bytes");
                }
                continue;
            }
            if (file != null) {
                throw invalid(field, "the form holds more than one file: " + label + " after the part '"
                        + printable(file.field()) + "'; upload one KAR at a time");
            }
            if (PATH_CHARACTERS.matcher(fileName).find()) {
                throw invalid(field, "the file name '" + printable(fileName) + "' of " + label
                        + " holds a path; send the file's name alone");
            }
            long size;
            try (OutputStream out = sink.open()) {
                size = copyPart(out, Long.MAX_VALUE);
            }
            file = new FilePart(field, fileName, size);
        }
        if (file == null && emptyField != null) {
            throw invalid(emptyField, "the file field '" + printable(emptyField) + "' holds no file: none was chosen");
        }
        if (file == null) {
            throw invalid("form", "the form holds no file: send the KAR in a file field (a part with a filename)");
        }
        return file;
    }

    /** Everything before the first boundary, which a client may send and is ignored (RFC 2046), up to the header limit. */
    private void skipPreamble() throws IOException {
        long skipped = copyUntilDelimiter(OutputStream.nullOutputStream(), MAX_HEADER_BYTES);
        if (skipped < 0) {
            throw invalid("form", "the body holds no boundary of its Content-Type");
        }
        if (skipped > MAX_HEADER_BYTES) {
            throw invalid("form", "no boundary within the first " + MAX_HEADER_BYTES + " bytes of the body");
        }
    }

    /** The next byte of the body, or -1 at its end. */
    private int read() throws IOException {
        if (!started) {
            started = true;
            buffer[0] = '\r';
            buffer[1] = '\n';
            position = 0;
            limit = 2;
        }
        if (position == limit) {
            limit = body.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return -1;
            }
        }
        return buffer[position++] & 0xff;
    }

    private byte[] readTwo() throws IOException {
        int first = read();
        int second = first < 0 ? -1 : read();
        return second < 0 ? new byte[0] : new byte[] {(byte) first, (byte) second};
    }

    /** A part's header lines, up to {@link #MAX_HEADER_BYTES} in all, by lower-case name. */
    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int total = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                throw invalid("form", "the body ends within the headers of part " + parts);
            }
            if (++total > MAX_HEADER_BYTES) {
                throw invalid("form", "the headers of part " + parts + " are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                throw invalid("form", "part " + parts + " has a header line that is not 'Name: value'");
            }
            headers.put(text.substring(0, colon).trim().toLowerCase(Locale.ROOT), text.substring(colon + 1).trim());
        }
    }

    private Map<String, String> disposition(Map<String, String> headers) {
        String value = headers.get("content-disposition");
        if (value == null || !value.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw invalid("form", "part " + parts + " is not form data: its Content-Disposition is missing or not 'form-data'");
        }
        return parameters(value.substring("form-data".length()), "form");
    }

    /** {@code ; name=value} parameters, values quoted or not, names in lower case; a malformed list is refused. */
    private static Map<String, String> parameters(String text, String field) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(text);
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            String value = matcher.group(2) != null ? matcher.group(2).replaceAll("\\\\(.)", "$1") : matcher.group(3);
            if (parameters.put(matcher.group(1).toLowerCase(Locale.ROOT), value) != null) {
                throw invalid(field, "the parameter " + printable(matcher.group(1)) + " is given twice");
            }
            at = matcher.end();
        }
        if (!text.substring(at).isBlank()) {
            throw invalid(field, "the header parameters '" + printable(text) + "' cannot be read");
        }
        return parameters;
    }

    /** Copies a part's content to {@code out}; more than {@code max} bytes stops the copy and answers {@code max + 1}. */
    private long copyPart(OutputStream out, long max) throws IOException {
        long size = copyUntilDelimiter(out, max);
        if (size < 0) {
            throw invalid("form", "the body ends within part " + parts + ", before its closing boundary");
        }
        return size;
    }

    /**
     * Copies bytes to {@code out} up to the next delimiter ({@code CRLF--boundary}), consuming it.
     * Answers the bytes copied, {@code max + 1} once more than {@code max}, or -1 at the end of the
     * body. The delimiter's first byte (CR) occurs nowhere else in it, so when a partial match
     * fails, what matched is content and the match restarts only at a CR.
     */
    private long copyUntilDelimiter(OutputStream out, long max) throws IOException {
        byte[] chunk = new byte[8192];
        int buffered = 0;
        long copied = 0;
        int matched = 0;
        while (true) {
            int b = read();
            if (b < 0) {
                return -1;
            }
            if (b == (delimiter[matched] & 0xff)) {
                if (++matched == delimiter.length) {
                    out.write(chunk, 0, buffered);
                    return copied;
                }
                continue;
            }
            for (int i = 0; i <= matched; i++) {
                byte next = i < matched ? delimiter[i] : (byte) b;
                if (i == matched && b == delimiter[0]) {
                    break;
                }
                chunk[buffered++] = next;
                copied++;
                if (buffered == chunk.length) {
                    out.write(chunk, 0, buffered);
                    buffered = 0;
                }
            }
            matched = b == delimiter[0] ? 1 : 0;
            if (copied > max) {
                return max + 1;
            }
        }
    }

    private static String printable(String text) {
        String shown = text.replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 80 ? shown.substring(0, 80) + "…" : shown;
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid(field, message);
    }
}
