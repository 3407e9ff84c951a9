package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.forward.ForwardingFilter;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.junit.Test;
import org.rapport.rest.impl.RefusalAudit;

public class LoginThrottleTest {

    private static final String ATTACKER = "203.0.113.7";
    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(3, now::get);

    private void fail(String address, String user, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue("attempt " + (i + 1) + " may be checked", throttle.refusal("http", address, user).isEmpty());
            throttle.failed(address, user);
        }
    }

    @Test
    public void hammeringOneNameRefusesOnlyThatNameFromThatAddressWithAWait() {
        fail(ATTACKER, "admin", 3);

        OptionalLong refused = throttle.refusal("http", ATTACKER, "admin");
        assertTrue(refused.isPresent());
        assertEquals("one attempt of three a minute comes back after 20 s", 20, refused.getAsLong());
        assertTrue("the administrator from another address is checked",
                throttle.refusal("ssh", "198.51.100.1", "admin").isEmpty());
        assertTrue("another name from the same address is checked", throttle.refusal("http", ATTACKER, "grace").isEmpty());
        now.addAndGet(20_000_000_000L);
        assertTrue("after the wait one attempt is checked again", throttle.refusal("http", ATTACKER, "admin").isEmpty());
    }

    @Test
    public void theRefusalNamesTheWholeSecondsToWait() {
        fail(ATTACKER, "admin", 3);
        now.addAndGet(19_500_000_000L);

        assertEquals(1, throttle.refusal("http", ATTACKER, "admin").getAsLong());
    }

    @Test
    public void aRightPasswordClearsTheFailuresOfThatName() {
        fail(ATTACKER, "grace", 2);
        throttle.succeeded(ATTACKER, "grace");

        fail(ATTACKER, "grace", 3);
    }

    @Test
    public void sprayingManyNamesFromOneAddressIsRefusedToo() {
        for (int i = 0; i < 3 * LoginThrottle.NAMES_PER_ADDRESS; i++) {
            fail(ATTACKER, "user" + i, 1);
        }

        assertTrue(throttle.refusal("http", ATTACKER, "someone-new").isPresent());
        assertTrue("other addresses are not touched", throttle.refusal("http", "198.51.100.1", "someone-new").isEmpty());
    }

    @Test
    public void sshAndHttpShareTheCount() {
        fail(ATTACKER, "admin", 2);
        throttle.failed(ATTACKER, "admin");

        assertTrue(throttle.refusal("ssh", ATTACKER, "admin").isPresent());
    }

    @Test
    public void namesAreCutAndMadePrintable() {
        assertEquals("a?b", LoginThrottle.name("a\u0000b"));
        assertEquals(64, LoginThrottle.name("x".repeat(10_000)).length());
        assertEquals("", LoginThrottle.name(null));
    }

    @Test
    public void aThrottledSshLoginIsRefusedWithoutCheckingThePassword() throws Exception {
        List<String> checked = new ArrayList<>();
        PasswordAuthenticator realm = (user, password, session) -> {
            checked.add(password);
            return "right-password".equals(password);
        };
        PasswordAuthenticator guarded = SshLoginGuard.throttled(realm, throttle);
        ServerSession session = sessionFrom(ATTACKER);

        for (int i = 0; i < 3; i++) {
            assertFalse(guarded.authenticate("admin", "guess-" + i, session));
        }
        assertFalse("the right password is not even checked while throttled",
                guarded.authenticate("admin", "right-password", session));
        assertEquals(List.of("guess-0", "guess-1", "guess-2"), checked);
        assertTrue("from another address the right password works",
                guarded.authenticate("admin", "right-password", sessionFrom("198.51.100.1")));
        now.addAndGet(20_000_000_000L);
        assertTrue(guarded.authenticate("admin", "right-password", session));
    }

    @Test
    public void everyForwardingRequestIsRefusedAndAudited() {
        List<String> refusals = new ArrayList<>();
        RefusalAudit audit = new RefusalAudit() {
            @Override
            public void refused(String kind, String who, String address, String what, String why) {
                refusals.add(kind + " | " + who + " | " + address + " | " + what);
            }
        };
        ForwardingFilter filter = SshLoginGuard.refusedForwarding(audit);
        ServerSession session = sessionFrom(ATTACKER);

        assertFalse(filter.canConnect(TcpForwardingFilter.Type.Direct, new SshdSocketAddress("127.0.0.1", 5432), session));
        assertFalse(filter.canListen(new SshdSocketAddress("0.0.0.0", 2222), session));
        assertFalse(filter.canForwardAgent(session, "auth-agent-req@openssh.com"));
        assertFalse(filter.canForwardX11(session, "x11-req"));

        assertEquals(4, refusals.size());
        assertEquals("forwarding | mallory | " + ATTACKER + " | direct-tcpip 127.0.0.1:5432", refusals.get(0));
        assertTrue(refusals.toString(), refusals.get(1).startsWith("forwarding | mallory | " + ATTACKER + " | "));
    }

    @Test
    public void anSftpRequestIsRefusedAndAudited() throws IOException {
        List<String> refusals = new ArrayList<>();
        RefusalAudit audit = new RefusalAudit() {
            @Override
            public void refused(String kind, String who, String address, String what, String why) {
                refusals.add(kind + " | " + who + " | " + what + " | " + why);
            }
        };
        SubsystemFactory sftp = SshLoginGuard.refusedSftp(audit);

        assertEquals("sftp", sftp.getName());
        assertNull("no subsystem: SSHD answers that the request failed", sftp.createSubsystem(new ChannelSession()));
        assertEquals(List.of("transfer | unknown | sftp | file transfer over SSH (SCP, SFTP) is off for every user"), refusals);
    }

    /** A session that knows only where its client is and who signed in: all the guards ask of it. */
    private static ServerSession sessionFrom(String address) {
        return (ServerSession) Proxy.newProxyInstance(LoginThrottleTest.class.getClassLoader(), new Class<?>[] {ServerSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getClientAddress")) {
                        return new InetSocketAddress(address, 40000);
                    }
                    if (method.getName().equals("getUsername")) {
                        return "mallory";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
