package org.rapport.rest.impl.security;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.AsyncAuthException;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.password.PasswordChangeRequiredException;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerSession;

/**
 * Puts an SSH server behind Rapport's login rules: password logins (and keyboard-interactive
 * ones, which SSHD checks with the same authenticator) are counted by the {@link LoginThrottle}
 * shared with HTTP, and refused without a check while their address and name are throttled; and
 * no SSH user may forward ports through the server, which would let a shell user reach what
 * listens on the server's loopback (the database, JMX) from wherever they are. Karaf's shell
 * configuration has no setting for either, so this changes the server Karaf registers as a
 * service ({@link org.rapport.rest.impl.SshGuards} applies it to every one); SSHD reads both at
 * each authentication and each forwarding request. Public keys are not throttled: they cannot be
 * guessed.
 */
public final class SshLoginGuard {

    static final String DOOR = "ssh";

    private SshLoginGuard() {
    }

    /** Guards {@code server}; the answer puts back what it had. */
    public static Runnable install(SshServer server, LoginThrottle throttle) {
        PasswordAuthenticator original = server.getPasswordAuthenticator();
        ForwardingFilter originalForwarding = server.getForwardingFilter();
        PasswordAuthenticator guarded = original == null ? null : throttled(original, throttle);
        if (guarded != null) {
            server.setPasswordAuthenticator(guarded);
        }
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        return () -> {
            if (guarded != null && server.getPasswordAuthenticator() == guarded) {
                server.setPasswordAuthenticator(original);
            }
            if (server.getForwardingFilter() == RejectAllForwardingFilter.INSTANCE) {
                server.setForwardingFilter(originalForwarding);
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
