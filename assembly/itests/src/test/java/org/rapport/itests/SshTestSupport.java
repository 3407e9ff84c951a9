package org.rapport.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.junit.After;
import org.junit.Before;
import org.rapport.rest.Roles;

/**
 * A real SSH client (Apache MINA SSHD's, which Karaf ships) against the distribution's SSH server,
 * and an agent of its own for each test.
 */
public abstract class SshTestSupport extends HttpTestSupport {

    protected static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SIGN_IN = Duration.ofSeconds(60);

    protected SshClient ssh;
    protected int sshPort;
    protected String agent;

    @Before
    public void sshClient() throws IOException {
        sshPort = Integer.parseInt(karafConfig("org.apache.karaf.shell.cfg").getProperty("sshPort").strip());
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        // Password only: the client would otherwise also answer keyboard-interactive with it, two tries a session.
        ssh.setUserAuthFactories(List.of(UserAuthPasswordFactory.INSTANCE));
        SftpModuleProperties.SFTP_CHANNEL_OPEN_TIMEOUT.set(ssh, TIMEOUT);
        CoreModuleProperties.REQUEST_SUBSYSTEM_REPLY.set(ssh, true);
        ssh.start();
        agent = "itest-ssh-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(agent, PASSWORD, Set.of(Roles.AGENT));
    }

    @After
    public void stopClient() throws IOException {
        ssh.stop();
    }

    protected static Properties karafConfig(String file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Paths.get(System.getProperty("karaf.etc"), file), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    /** A session signed in as {@code user}; throws when the server refuses the password. */
    protected ClientSession signIn(String host, String user, String password) throws IOException {
        ClientSession session = ssh.connect(user, host, sshPort).verify(TIMEOUT).getSession();
        try {
            session.addPasswordIdentity(password);
            // The first key exchange of a container can take longer than TIMEOUT on a busy machine.
            session.auth().verify(SIGN_IN);
            return session;
        } catch (IOException | RuntimeException refused) {
            session.close(true);
            throw refused;
        }
    }

    protected boolean signsIn(String user, String password) throws IOException {
        try (ClientSession session = signIn("127.0.0.1", user, password)) {
            return session.isAuthenticated();
        } catch (org.apache.sshd.common.SshException refused) {
            return false;
        }
    }

    /** Runs {@code command} over an SSH exec channel: exit status and everything printed. */
    protected Map.Entry<Integer, String> exec(ClientSession session, String command, Duration within) throws IOException {
        return exec(session, command, null, within);
    }

    /** Runs {@code command} over an SSH exec channel with {@code input} on its standard input (none if null). */
    protected Map.Entry<Integer, String> exec(ClientSession session, String command, String input, Duration within)
            throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(output);
            channel.setErr(output);
            if (input != null) {
                channel.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            }
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), within);
            Integer status = channel.getExitStatus();
            return Map.entry(status == null ? -1 : status, output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Types {@code lines} into an interactive shell (with a terminal, as {@code ssh host} opens one) and returns what it printed. */
    protected String typeInShell(ClientSession session, Duration within, String... lines) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ChannelShell channel = session.createShellChannel()) {
            channel.setIn(new ByteArrayInputStream((String.join("\r", lines) + "\r").getBytes(StandardCharsets.UTF_8)));
            channel.setOut(output);
            channel.setErr(output);
            channel.open().verify(TIMEOUT);
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), within);
            return output.toString(StandardCharsets.UTF_8);
        }
    }
}
