package org.rapport.rest.impl.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.rest.ApiException;
import org.rapport.rest.Roles;
import org.rapport.rest.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rapport ships with no working password. At a start where the realm has no administrator, this
 * creates the user {@value #ADMIN_USER} with the password in the environment variable
 * {@value #PASSWORD_VARIABLE}, or else a generated one that is printed on the console this once
 * and never logged.
 */
@Component(immediate = true)
public class AdminBootstrap {

    static final String ADMIN_USER = "admin";
    static final String PASSWORD_VARIABLE = "RAPPORT_ADMIN_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    @Activate
    public AdminBootstrap(@Reference UserService users) {
        this(users, System::getenv, new SecureRandom());
    }

    AdminBootstrap(UserService users, Function<String, String> environment, SecureRandom random) {
        if (users.list().stream().anyMatch(user -> user.roles().contains(Roles.ADMIN))) {
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
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        users.create(ADMIN_USER, password, Set.of(Roles.ADMIN));
        LOG.warn("Created the administrator '{}' with a generated password, printed on the console once", ADMIN_USER);
        System.out.println();
        System.out.println("Rapport: created the administrator '" + ADMIN_USER + "' with the password " + password);
        System.out.println("         It is shown this once. Change it with: admin:users passwd " + ADMIN_USER);
        System.out.println();
    }
}
