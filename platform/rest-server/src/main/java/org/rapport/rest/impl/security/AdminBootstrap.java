package org.rapport.rest.impl.security;

import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.rest.ApiException;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rapport ships with no working password. At a start where the realm has no administrator, this
 * creates the user {@value #ADMIN_USER} with the password in the environment variable
 * {@value #PASSWORD_VARIABLE}, or else a generated one, written to {@code data/}{@value
 * InitialPasswordFile#NAME} (readable by the server's user only, deleted when the password is
 * first changed) and printed on the console; the log names the file, never the password. Someone
 * with access to the server who lost it creates {@code data/}{@value InitialPasswordFile#RESET_NAME}
 * and restarts: {@value #ADMIN_USER} then gets a new generated password in the same file, and is
 * an administrator again.
 */
@Component(immediate = true)
public class AdminBootstrap {

    static final String ADMIN_USER = "admin";
    static final String PASSWORD_VARIABLE = "RAPPORT_ADMIN_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    @Activate
    public AdminBootstrap(@Reference DatabaseUserService users) {
        this(users, System::getenv, new SecureRandom(), InitialPasswordFile.inKarafData());
    }

    AdminBootstrap(DatabaseUserService users, Function<String, String> environment, SecureRandom random,
            InitialPasswordFile file) {
        if (file.takeResetRequest()) {
            reset(users, random, file);
            return;
        }
        if (users.list().stream().anyMatch(user -> user.roles().contains(Roles.ADMIN))) {
            // Changed on another node sharing the database, or by hand: the file no longer opens anything.
            file.read().filter(password -> users.authenticate(ADMIN_USER, password).isEmpty())
                    .ifPresent(stale -> file.delete("its password no longer signs '" + ADMIN_USER + "' in"));
            return;
        }
        String given = environment.apply(PASSWORD_VARIABLE);
        if (given != null && !given.isEmpty()) {
            try {
                users.create(ADMIN_USER, given, Set.of(Roles.ADMIN));
                LOG.info("Created the administrator '{}' with the password from {}", ADMIN_USER, PASSWORD_VARIABLE);
                return;
            } catch (ApiException refused) {
                LOG.error("{} was not used: {}; a password is generated instead", PASSWORD_VARIABLE, refused.getMessage());
                System.out.println("Rapport: " + PASSWORD_VARIABLE + " was not used: " + refused.getMessage());
            }
        }
        String password = generate(random);
        users.create(ADMIN_USER, password, Set.of(Roles.ADMIN));
        announce("created the administrator '" + ADMIN_USER + "'", password, file);
    }

    private static void reset(DatabaseUserService users, SecureRandom random, InitialPasswordFile file) {
        String password = generate(random);
        User admin = users.find(ADMIN_USER).orElse(null);
        if (admin == null) {
            users.create(ADMIN_USER, password, Set.of(Roles.ADMIN));
        } else {
            users.setPassword(ADMIN_USER, password);
            Set<String> roles = new TreeSet<>(admin.roles());
            roles.add(Roles.ADMIN);
            users.setRoles(ADMIN_USER, roles);
        }
        announce("reset the password of the administrator '" + ADMIN_USER + "', as " + file.resetRequest() + " asked",
                password, file);
    }

    /** Writes the password to the file and the console; the log names the file only. */
    private static void announce(String what, String password, InitialPasswordFile file) {
        try {
            file.write(password);
            LOG.warn("Rapport {}: the password is in {} (readable by this server's user only) until it is first changed",
                    what, file.path());
            System.out.println();
            System.out.println("Rapport: " + what + " with the password " + password);
            System.out.println("         It is kept in " + file.path() + " until you change it with: admin:users passwd "
                    + ADMIN_USER);
            System.out.println();
        } catch (UncheckedIOException e) {
            LOG.error("Rapport {}, but {}: the password is printed on the console only", what, e.getMessage());
            System.out.println();
            System.out.println("Rapport: " + what + " with the password " + password);
            System.out.println("         It is shown this once (" + e.getMessage() + "). Change it with: admin:users passwd "
                    + ADMIN_USER);
            System.out.println();
        }
    }

    private static String generate(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
