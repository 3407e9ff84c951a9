package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.properties.PropertiesBackingEngineFactory;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rest.Roles;

/** The user service over a real properties file, as Karaf's realm keeps it. */
public class JaasUserServiceTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path usersFile;
    private JaasUserService users;

    @Before
    public void setUp() throws IOException {
        usersFile = temp.newFile("users.properties").toPath();
        Files.writeString(usersFile, "root = secret-password,admin,manager,viewer,systembus,ssh\n");
        Map<String, Object> options = Map.of(ProxyLoginModule.PROPERTY_MODULE, JaasUserService.PROPERTIES_MODULE,
                JaasUserService.USERS_OPTION, usersFile.toString());
        JaasRealm realm = new JaasRealm() {
            @Override
            public String getName() {
                return RealmLogin.REALM;
            }

            @Override
            public int getRank() {
                return 0;
            }

            @Override
            public AppConfigurationEntry[] getEntries() {
                return new AppConfigurationEntry[] {new AppConfigurationEntry(ProxyLoginModule.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
            }
        };
        users = new JaasUserService(List.of(realm), List.of(new PropertiesBackingEngineFactory()), new RealmLogin());
    }

    @Test
    public void rolesAreGrantedWithTheKarafRolesTheyNeedAndChangedInPlace() {
        users.create("ada", "a-long-password-1", Set.of(Roles.ANALYST));

        assertEquals(Set.of(Roles.ANALYST), users.find("ada").orElseThrow().roles());
        assertEquals(Set.of(Roles.AGENT), users.setRoles("ada", Set.of(Roles.AGENT)).roles());
        users.delete("ada");
        assertTrue(users.find("ada").isEmpty());
    }

    /**
     * Karaf reads the users file whenever it changes, on every login and in the watcher that hashes
     * passwords written in clear. A reader must never see a half-made change: a user without the
     * roles granted with it, or a file without the users it had.
     */
    @Test
    public void aReaderOfTheUsersFileNeverSeesAChangeHalfMade() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                Properties file = new Properties();
                try (Reader in = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
                    file.load(in);
                } catch (NoSuchFileException e) {
                    seen.add("the users file was missing");
                    continue;
                } catch (IOException e) {
                    seen.add(e.toString());
                    continue;
                }
                if (!file.containsKey("root")) {
                    seen.add("root was missing: " + file.keySet());
                }
                file.forEach((name, value) -> {
                    if (!value.toString().contains(",ssh")) {
                        seen.add(name + " without roles: " + value);
                    }
                });
            }
        });
        reader.start();
        try {
            for (int i = 0; i < 40; i++) {
                users.create("user" + i, "a-long-password-" + i, Set.of(i % 2 == 0 ? Roles.AGENT : Roles.ANALYST));
                users.setRoles("user" + i, Set.of(Roles.AGENT, Roles.ANALYST));
            }
        } finally {
            writing.set(false);
            reader.join();
        }

        assertTrue(seen.stream().distinct().limit(5).toList().toString(), seen.isEmpty());
        assertEquals(41, users.list().size());
        assertEquals(Set.of(Roles.AGENT, Roles.ANALYST), users.find("user39").orElseThrow().roles());
    }
}
