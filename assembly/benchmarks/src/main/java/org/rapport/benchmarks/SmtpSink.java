package org.rapport.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal SMTP server on loopback that accepts every message and counts it: {@code 220} on
 * connecting, {@code 250} to {@code EHLO}/{@code HELO}, {@code MAIL}, {@code RCPT}, {@code RSET},
 * {@code NOOP}, {@code 354} to {@code DATA}, whose lines it reads to the lone {@code .} before
 * answering {@code 250}, {@code 221} to {@code QUIT}. A message counts once its data has been read
 * to the end; the first one is kept as it arrived, to compare with the baseline's.
 */
final class SmtpSink implements AutoCloseable {

    private final ServerSocket socket;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong firstAt = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong lastAt = new AtomicLong();
    private final AtomicReference<String> first = new AtomicReference<>();

    SmtpSink() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptAll, "smtp-sink-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Messages whose data was read to the end since the last {@link #clear()}. */
    long accepted() {
        return accepted.get();
    }

    /** The data's bytes of those messages. */
    long bytes() {
        return bytes.get();
    }

    /** Seconds from the first message accepted to the last. */
    double firstToLast() {
        return (lastAt.get() - firstAt.get()) / 1e9;
    }

    /** When the last message was accepted ({@link System#nanoTime()}). */
    long lastAt() {
        return lastAt.get();
    }

    /** The first message's data as it arrived (headers and body), null before one. */
    String first() {
        return first.get();
    }

    void clear() {
        accepted.set(0);
        bytes.set(0);
        firstAt.set(Long.MAX_VALUE);
        lastAt.set(0);
        first.set(null);
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.execute(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; InputStream in = new BufferedInputStream(client.getInputStream(), 65536);
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = readLine(in, null)) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250 8BITMIME");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        data(in);
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "500 unknown command");
                }
            }
        } catch (IOException dropped) {
            // A client that goes away without QUIT: nothing to count.
        }
    }

    /** Reads the data's lines to the lone dot, then counts the message. */
    private void data(InputStream in) throws IOException {
        boolean keep = first.get() == null;
        ByteArrayOutputStream kept = keep ? new ByteArrayOutputStream() : null;
        long size = 0;
        String line;
        while ((line = readLine(in, kept)) != null && !line.equals(".")) {
            size += line.length() + 2;
        }
        if (line == null) {
            throw new IOException("the connection closed within DATA");
        }
        long now = System.nanoTime();
        bytes.addAndGet(size);
        firstAt.accumulateAndGet(now, Math::min);
        lastAt.accumulateAndGet(now, Math::max);
        accepted.incrementAndGet();
        if (keep) {
            first.compareAndSet(null, kept.toString(StandardCharsets.UTF_8));
        }
    }

    /** One line without its CRLF (bytes as Latin-1 characters), copied to {@code copy} when given; null at the end. */
    private static String readLine(InputStream in, ByteArrayOutputStream copy) throws IOException {
        StringBuilder line = new StringBuilder(128);
        int b;
        while ((b = in.read()) != -1) {
            if (copy != null) {
                copy.write(b);
            }
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        connections.shutdownNow();
    }
}
