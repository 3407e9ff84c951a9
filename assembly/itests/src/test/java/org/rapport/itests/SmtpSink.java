package org.rapport.itests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving side of SMTP (RFC 5321), enough for a client that does not log in: it answers
 * EHLO, MAIL, RCPT, DATA, RSET, NOOP and QUIT (anything else is a 500) and keeps each message's
 * recipients and data. It runs in the container beside the product, so the email channel's real
 * conversation is checked.
 */
final class SmtpSink implements AutoCloseable {

    /** One message as the server received it. */
    record Received(String from, List<String> to, String data) {
    }

    private final ServerSocket server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final List<Socket> conversations = new CopyOnWriteArrayList<>();

    SmtpSink(int port) throws IOException {
        server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "itest-smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    /** Takes each connection on a thread of its own: the email channel's senders each keep one open. */
    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            conversations.add(socket);
            Thread conversation = new Thread(() -> {
                try (socket) {
                    converse(socket);
                } catch (IOException e) {
                    // A client that went away, or the sink closed.
                } finally {
                    conversations.remove(socket);
                }
            }, "itest-smtp-conversation");
            conversation.setDaemon(true);
            conversation.start();
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        reply(out, "220 itest ESMTP ready");
        String from = null;
        List<String> to = new CopyOnWriteArrayList<>();
        for (String line; (line = in.readLine()) != null;) {
            String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO", "HELO" -> reply(out, "250 itest");
                case "MAIL" -> {
                    from = line.substring(line.indexOf(':') + 1).strip();
                    to = new CopyOnWriteArrayList<>();
                    reply(out, "250 OK");
                }
                case "RCPT" -> {
                    to.add(line.substring(line.indexOf(':') + 1).strip());
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    for (String d; (d = in.readLine()) != null && !d.equals(".");) {
                        data.append(d.startsWith("..") ? d.substring(1) : d).append('\n');
                    }
                    received.add(new Received(from, List.copyOf(to), data.toString()));
                    reply(out, "250 OK queued as " + received.size());
                }
                case "RSET", "NOOP" -> reply(out, "250 OK");
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "500 command unrecognised");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Stops listening and ends the conversations under way, as a server that stops does: the email
     * channel keeps its connection open between messages, and must not go on talking to a sink of
     * an earlier test.
     */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket open : conversations) {
            open.close();
        }
    }
}
