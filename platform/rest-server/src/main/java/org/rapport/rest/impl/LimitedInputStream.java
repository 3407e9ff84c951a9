package org.rapport.rest.impl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.rapport.rest.ApiException;

/** A request body that may not be longer than a limit, whatever its Content-Length said. */
final class LimitedInputStream extends FilterInputStream {

    /** The request property holding the guard's stream, whose limit a route may raise ({@link RouteLimits}). */
    static final String PROPERTY = "org.rapport.rest.body";

    private volatile long limit;
    private long read;

    private final Runnable broken;

    LimitedInputStream(InputStream in, long limit) {
        this(in, limit, () -> { });
    }

    /**
     * @param broken called when the body's framing turns out broken (the underlying read fails),
     *        before the read throws a 400
     */
    LimitedInputStream(InputStream in, long limit, Runnable broken) {
        super(in);
        this.limit = limit;
        this.broken = broken;
    }

    long limit() {
        return limit;
    }

    /** The limit of the route the request matched, set before its body is read. */
    void limit(long bytes) {
        limit = bytes;
    }

    @Override
    public int read() throws IOException {
        int b = readOrRefuse(() -> super.read());
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = readOrRefuse(() -> super.read(buffer, offset, length));
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw HttpGuard.tooLarge(limit);
        }
    }

    private interface Read {
        int read() throws IOException;
    }

    private int readOrRefuse(Read read) {
        try {
            return read.read();
        } catch (IOException | RuntimeException failed) {
            if (failed instanceof ApiException refusal) {
                throw refusal;
            }
            broken.run();
            throw malformed();
        }
    }

    static ApiException malformed() {
        return new ApiException(400, "malformed_body", "the request body could not be read as sent: its framing "
                + "(chunked transfer coding or length) is broken, or it ended early");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
