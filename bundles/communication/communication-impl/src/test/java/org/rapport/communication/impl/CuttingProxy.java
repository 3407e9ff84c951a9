package org.rapport.communication.impl;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a real SMTP server, for tests of the email channel's
 * connections: it counts the connections clients open and close, and can cut a connection the
 * moment a client ends a message's data ({@code CRLF.CRLF}), before the server sees the end: that
 * message is never accepted, the ones before it on any connection were.
 */
final class CuttingProxy implements AutoCloseable {

    private static final byte[] END_OF_DATA = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket socket;
    private final int target;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cutting-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger ends = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile int cutAt = Integer.MAX_VALUE;

    CuttingProxy(int target) throws IOException {
        this.target = target;
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pumps.execute(this::acceptAll);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections clients opened so far. */
    int opened() {
        return opened.get();
    }

    /** Connections that ended other than by a cut: closed by the client or the server. */
    int ended() {
        return ended.get();
    }

    /** Cuts the connection on which the {@code n}-th message from now ends its data, withholding that end. */
    void cutAtMessage(int n) {
        cutAt = ends.get() + n;
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                opened.incrementAndGet();
                open.add(client);
                open.add(server);
                pumps.execute(() -> clientToServer(client, server));
                pumps.execute(() -> pump(server, client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void clientToServer(Socket client, Socket server) {
        int matched = 0;
        boolean cut = false;
        try (InputStream in = new BufferedInputStream(client.getInputStream()); OutputStream out = server.getOutputStream()) {
            int b;
            while ((b = in.read()) != -1) {
                matched = b == END_OF_DATA[matched] ? matched + 1 : b == END_OF_DATA[0] ? 1 : 0;
                if (matched == END_OF_DATA.length) {
                    matched = 0;
                    if (ends.incrementAndGet() == cutAt) {
                        cut = true;
                        client.close();
                        server.close();
                        return;
                    }
                }
                out.write(b);
                if (in.available() == 0) {
                    out.flush();
                }
            }
            server.close();
        } catch (IOException closed) {
            // One side went away: the other is closed with it.
        } finally {
            if (!cut) {
                ended.incrementAndGet();
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException cut) {
            // Closed by the other direction.
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
        pumps.shutdownNow();
    }
}
