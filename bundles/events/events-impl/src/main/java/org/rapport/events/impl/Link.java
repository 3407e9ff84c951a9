package org.rapport.events.impl;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Locale;

/**
 * One connection kept open to a subscriber (HTTP/1.1 keep-alive), used by one sending thread at a
 * time: the address it goes to passed the target check when it was made, and it is closed as soon
 * as a later check of the subscription's URL no longer gives that address ({@link #keepOnlyFor}).
 * An answer's headers are read to find where it ends and its body skipped, never kept; an answer
 * whose end cannot be found that way (no length, a body over {@value #MAX_BODY} bytes,
 * {@code Connection: close}) closes the connection after it.
 */
final class Link implements AutoCloseable {

    /** The longest body of an answer skipped to keep the connection; a longer one closes it. */
    static final int MAX_BODY = 65_536;
    private static final int MAX_LINE = 512;
    private static final int MAX_HEADERS = 100;

    private URI uri;
    private InetAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int status;

    boolean isOpen() {
        return socket != null;
    }

    /** The address the open connection goes to; null when closed. */
    InetAddress address() {
        return socket == null ? null : address;
    }

    int lastStatus() {
        return status;
    }

    /** Closes the connection unless it goes to the target's URL at one of the addresses its check passed. */
    void keepOnlyFor(Targets.Target target) {
        if (socket != null && (!target.uri().equals(uri) || !target.addresses().contains(address))) {
            close();
        }
    }

    void open(Targets.Target target, InetAddress connected, Socket connection) throws IOException {
        close();
        this.uri = target.uri();
        this.address = connected;
        this.socket = connection;
        this.in = new BufferedInputStream(connection.getInputStream(), 8192);
        this.out = new BufferedOutputStream(connection.getOutputStream(), 8192);
    }

    /** Sends the request and reads the answer to its end, within the deadline; answers its status. */
    int exchange(byte[] head, byte[] body, long deadline) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
        boolean keep;
        do {
            status = statusLine(line(deadline));
            keep = headersAndBody(deadline);
        } while (status / 100 == 1);
        if (!keep) {
            close();
        }
        return status;
    }

    /** Reads the headers and skips the body; answers whether the connection can carry another request. */
    private boolean headersAndBody(long deadline) throws IOException {
        long length = -1;
        boolean chunked = false;
        boolean keep = true;
        for (int n = 0; ; n++) {
            String header = line(deadline);
            if (header.isEmpty()) {
                break;
            }
            if (n >= MAX_HEADERS) {
                throw new IOException("the answer has more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "content-length" -> length = value.matches("\\d{1,18}") ? Long.parseLong(value) : Long.MAX_VALUE;
                case "transfer-encoding" -> chunked = value.endsWith("chunked");
                case "connection" -> keep &= !value.contains("close");
                default -> { }
            }
        }
        if (status / 100 == 1 || status == 204 || status == 304) {
            return keep;
        }
        if (chunked) {
            return keep && chunks(deadline);
        }
        if (length < 0 || length > MAX_BODY) {
            return false;
        }
        skip(length, deadline);
        return keep;
    }

    /** Skips a chunked body; false when it is longer than {@value #MAX_BODY} bytes (the connection is then closed). */
    private boolean chunks(long deadline) throws IOException {
        long total = 0;
        while (true) {
            String size = line(deadline);
            int semicolon = size.indexOf(';');
            String hex = (semicolon < 0 ? size : size.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9a-fA-F]{1,8}")) {
                throw new IOException("the answer's chunked body is malformed");
            }
            long chunk = Long.parseLong(hex, 16);
            total += chunk;
            if (total > MAX_BODY) {
                return false;
            }
            if (chunk == 0) {
                while (!line(deadline).isEmpty()) {
                    // trailers, skipped
                }
                return true;
            }
            skip(chunk, deadline);
            line(deadline);
        }
    }

    private void skip(long bytes, long deadline) throws IOException {
        for (long left = bytes; left > 0; ) {
            overdue(deadline);
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the answer ended before its body did");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** One line of the answer, without its end, read within the deadline. */
    private String line(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0 || line.length() >= MAX_LINE) {
                throw new IOException(c < 0 ? "the connection was closed before an answer" : "the answer has a line of "
                        + "more than " + MAX_LINE + " characters");
            }
            overdue(deadline);
            line.append((char) c);
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    private static void overdue(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new SocketTimeoutException("the answer came too slowly");
        }
    }

    private static int statusLine(String line) throws IOException {
        String[] parts = line.strip().split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            // What it said instead is not kept: a subscription must not read what an address answers.
            throw new IOException("the answer does not start with an HTTP/1.x status line");
        }
        return Integer.parseInt(parts[1]);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing what is of no more use; nothing to do
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
