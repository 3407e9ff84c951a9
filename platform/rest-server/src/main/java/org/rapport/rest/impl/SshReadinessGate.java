package org.rapport.rest.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.shell.ShellFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSH shell or command ({@code ssh … 'contacts:list'}, {@code bin/client}) that arrives while
 * Rapport is starting says so and waits, up to {@link #WAIT}, until every Rapport feature is
 * served ({@link Readiness}), instead of answering "Command not found" for commands that are about
 * to be registered. It then runs in any case, so that a node that never gets ready (a broken
 * plugin) can still be repaired over SSH. Karaf has no hook for this, so the shell and command
 * factories of the SSH server Karaf registers are wrapped ({@link SshGuards}).
 */
final class SshReadinessGate {

    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(SshReadinessGate.class);

    private SshReadinessGate() {
    }

    /** Makes {@code server}'s shells and commands wait for {@code readiness}; the answer puts back what it had. */
    static Runnable install(SshServer server, Readiness readiness) {
        ShellFactory originalShells = server.getShellFactory();
        CommandFactory originalCommands = server.getCommandFactory();
        ShellFactory shells = originalShells == null ? null
                : channel -> new Waiting(originalShells.createShell(channel), readiness, "\r\n");
        CommandFactory commands = originalCommands == null ? null
                : (channel, command) -> new Waiting(originalCommands.createCommand(channel, command), readiness, "\n");
        if (shells != null) {
            server.setShellFactory(shells);
        }
        if (commands != null) {
            server.setCommandFactory(commands);
        }
        return () -> {
            if (shells != null && server.getShellFactory() == shells) {
                server.setShellFactory(originalShells);
            }
            if (commands != null && server.getCommandFactory() == commands) {
                server.setCommandFactory(originalCommands);
            }
        };
    }

    /** A shell or command that starts once Rapport is served, or after {@link #WAIT}. */
    static final class Waiting implements Command {

        private final Command delegate;
        private final Readiness readiness;
        private final String newline;
        private OutputStream err;
        private volatile boolean started;
        private volatile boolean destroyed;

        Waiting(Command delegate, Readiness readiness, String newline) {
            this.delegate = delegate;
            this.readiness = readiness;
            this.newline = newline;
        }

        @Override
        public void setInputStream(InputStream in) {
            delegate.setInputStream(in);
        }

        @Override
        public void setOutputStream(OutputStream out) {
            delegate.setOutputStream(out);
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
            delegate.setErrorStream(err);
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            delegate.setExitCallback(callback);
        }

        @Override
        public void start(ChannelSession channel, Environment environment) throws IOException {
            if (readiness.ready()) {
                started = true;
                delegate.start(channel, environment);
                return;
            }
            // Not on SSHD's I/O thread: waiting there would hold up every other session.
            Thread waiter = new Thread(() -> waitThenStart(channel, environment), "rapport-ssh-waits-until-ready");
            waiter.setDaemon(true);
            waiter.start();
        }

        private void waitThenStart(ChannelSession channel, Environment environment) {
            say("Rapport is starting: " + Readiness.describe(readiness.pending()) + "; waiting up to " + WAIT.toSeconds() + " s");
            long deadline = System.nanoTime() + WAIT.toNanos();
            Map<String, List<String>> pending = readiness.pending();
            while (!pending.isEmpty() && !destroyed && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pending = readiness.pending();
            }
            if (destroyed) {
                return;
            }
            say(pending.isEmpty() ? "Rapport is ready." : "Rapport is not fully started (" + Readiness.describe(pending)
                    + "); some commands may be missing.");
            try {
                started = true;
                delegate.start(channel, environment);
            } catch (IOException e) {
                LOG.warn("An SSH session could not start after waiting for Rapport: {}", e.toString());
            }
        }

        private void say(String line) {
            OutputStream stream = err;
            if (stream == null) {
                return;
            }
            try {
                stream.write((line + newline).getBytes(StandardCharsets.UTF_8));
                stream.flush();
            } catch (IOException closed) {
                // The client went away; the start that follows finds out too.
            }
        }

        @Override
        public void destroy(ChannelSession channel) throws Exception {
            destroyed = true;
            if (started) {
                delegate.destroy(channel);
            }
        }
    }
}
