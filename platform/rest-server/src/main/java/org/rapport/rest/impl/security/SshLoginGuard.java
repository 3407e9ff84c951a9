package org.rapport.rest.impl.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.password.PasswordChangeRequiredException;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.StaticDecisionForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.rapport.rest.impl.RefusalAudit;

/**
 * Puts an SSH server behind Rapport's login rules: password logins (and keyboard-interactive
 * ones, which SSHD checks with the same authenticator) are counted by the {@link LoginThrottle}
 * shared with HTTP, and refused without a check while their address and name are throttled; and
 * no SSH user may forward ports through the server, which would let a shell user reach what
 * listens on the server's loopback (the database, JMX) from wherever they are; each forwarding
 * request refused (ports, an agent, X11) is in the audit log ({@code refused.forwarding}), and so
 * is a request for SFTP while it is off ({@code refused.transfer}).
 * Karaf's shell configuration has no setting for either, so this changes the server Karaf
 * registers as a service ({@link org.rapport.rest.impl.SshGuards} applies it to every one); SSHD
 * reads both at each authentication and each forwarding request. Public keys are not throttled: they cannot be
 * guessed.
 */
public final class SshLoginGuard {

    static final String DOOR = "ssh";
    private static final String SFTP = "sftp";

    private SshLoginGuard() {
    }

    /** Guards {@code server}, its refused forwarding and SFTP requests audited; the answer puts back what it had. */
    public static Runnable install(SshServer server, LoginThrottle throttle, RefusalAudit audit) {
        PasswordAuthenticator original = server.getPasswordAuthenticator();
        ForwardingFilter originalForwarding = server.getForwardingFilter();
        PasswordAuthenticator guarded = original == null ? null : throttled(original, throttle);
        if (guarded != null) {
            server.setPasswordAuthenticator(guarded);
        }
        ForwardingFilter refused = refusedForwarding(audit);
        server.setForwardingFilter(refused);
        List<? extends SubsystemFactory> originalSubsystems = server.getSubsystemFactories();
        List<SubsystemFactory> subsystems = new ArrayList<>(originalSubsystems == null ? List.of() : originalSubsystems);
        boolean sftpOff = subsystems.stream().noneMatch(factory -> SFTP.equals(factory.getName()));
        if (sftpOff) {
            subsystems.add(refusedSftp(audit));
            server.setSubsystemFactories(subsystems);
        }
        return () -> {
            if (guarded != null && server.getPasswordAuthenticator() == guarded) {
                server.setPasswordAuthenticator(original);
            }
            if (server.getForwardingFilter() == refused) {
                server.setForwardingFilter(originalForwarding);
            }
            if (sftpOff && server.getSubsystemFactories() == subsystems) {
                server.setSubsystemFactories(originalSubsystems);
            }
        };
    }

    /**
     * Answers a request for SFTP, which is off, with a refusal that is audited: no subsystem, so
     * SSHD tells the client the request failed, as it did before.
     */
    static SubsystemFactory refusedSftp(RefusalAudit audit) {
        return new SubsystemFactory() {
            @Override
            public String getName() {
                return SFTP;
            }

            @Override
            public Command createSubsystem(ChannelSession channel) {
                Session session = channel.getSession();
                audit.refused("transfer", session == null || session.getUsername() == null ? "unknown" : session.getUsername(),
                        session instanceof ServerSession server ? address(server.getClientAddress()) : "unknown", "sftp",
                        "file transfer over SSH (SCP, SFTP) is off for every user");
                return null;
            }
        };
    }

    /** Refuses every forwarding request, and audits each: who asked, from where, and for what. */
    static ForwardingFilter refusedForwarding(RefusalAudit audit) {
        return new StaticDecisionForwardingFilter(false) {
            @Override
            protected boolean checkAcceptance(String request, Session session, SshdSocketAddress target) {
                audit.refused("forwarding", session.getUsername() == null ? "unknown" : session.getUsername(),
                        session instanceof ServerSession server ? address(server.getClientAddress()) : "unknown",
                        request + (target == null ? "" : " " + target.getHostName() + ":" + target.getPort()),
                        "SSH forwarding (ports, agents, X11) is refused to every user");
                return false;
            }
        };
    }

    /** {@code checker} behind {@code throttle}: a throttled login is refused before its password is checked. */
    static PasswordAuthenticator throttled(PasswordAuthenticator checker, LoginThrottle throttle) {
        return new PasswordAuthenticator() {
            @Override
            public boolean authenticate(String username, String password, ServerSession session)
                    throws PasswordChangeRequiredException, AsyncAuthException {
                String address = address(session.getClientAddress());
                if (throttle.refusal(DOOR, address, username).isPresent()) {
                    return false;
                }
                boolean right = checker.authenticate(username, password, session);
                if (right) {
                    throttle.succeeded(address, username);
                } else {
                    throttle.failed(address, username);
                }
                return right;
            }
        };
    }

    static String address(SocketAddress client) {
        if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(client);
    }
}
