package org.rapport.rest.impl.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.rest.ApiException;
import org.rapport.rest.FieldError;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The people who log in, in the database (tables {@code RAPPORT_USER} and {@code RAPPORT_USER_ROLE}),
 * so that every node sharing it knows the same people; the realm {@value RealmLogin#REALM} that
 * the shell, SSH and HTTP Basic use checks passwords here ({@link DatabaseRealm}). Passwords are
 * kept as bcrypt hashes. A Rapport role is granted with the Karaf roles it needs: an administrator
 * also gets Karaf's {@code manager}, {@code viewer} and {@code systembus}, and every role gets
 * {@code ssh}. At the first start on an empty table, the people of {@code etc/users.properties}
 * who hold a Rapport role are copied in, with their password hashes.
 */
@Component(service = {UserService.class, DatabaseUserService.class})
public class DatabaseUserService implements UserService {

    /** The Karaf roles each Rapport role is granted with. */
    static final Map<String, List<String>> GRANTS = Map.of(
            Roles.ADMIN, List.of(Roles.ADMIN, "manager", "viewer", "systembus", "ssh"),
            Roles.ANALYST, List.of(Roles.ANALYST, "ssh"),
            Roles.AGENT, List.of(Roles.AGENT, "ssh"));
    /** Every role, Rapport's and Karaf's, that a Rapport user can be given. */
    public static Set<String> everyGrantedRole() {
        Set<String> roles = new TreeSet<>();
        GRANTS.values().forEach(roles::addAll);
        return roles;
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final String CRYPT = "{CRYPT}";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseUserService.class);
    /** Checked against when the name is unknown, so an unknown name costs what a wrong password does. */
    private static final String NOBODY = BCrypt.hashpw("nobody-has-this-password", BCrypt.gensalt());

    private static volatile DatabaseUserService current;

    private final EntityManagerFactory emf;
    private final RealmLogin login;
    private final InitialPasswordFile initialPassword;

    @Activate
    public DatabaseUserService(@Reference(target = "(osgi.unit.name=rapport-rest)") EntityManagerFactory emf,
            @Reference RealmLogin login) {
        this(emf, login, Paths.get(System.getProperty("karaf.etc", "etc"), "users.properties"), InitialPasswordFile.inKarafData());
        useForLogin(this);
    }

    /**
     * @param usersFile Karaf's users file, whose Rapport people are copied into an empty table
     * @param initialPassword the first administrator's generated password, deleted when it changes
     */
    DatabaseUserService(EntityManagerFactory emf, RealmLogin login, Path usersFile, InitialPasswordFile initialPassword) {
        this.emf = emf;
        this.login = login;
        this.initialPassword = initialPassword;
        copy(usersFile);
    }

    DatabaseUserService(EntityManagerFactory emf, RealmLogin login, Path usersFile) {
        this(emf, login, usersFile, new InitialPasswordFile(usersFile.toAbsolutePath().getParent()));
    }

    @Deactivate
    void deactivate() {
        if (current == this) {
            current = null;
        }
    }

    /** The service the realm's login module asks, while it is active. */
    static Optional<DatabaseUserService> current() {
        return Optional.ofNullable(current);
    }

    /** Makes {@code users} the one the login module asks (null for none): for a service used outside the container. */
    static void useForLogin(DatabaseUserService users) {
        current = users;
    }

    /** The Karaf roles of {@code name}, if {@code password} is theirs. */
    Optional<Set<String>> authenticate(String name, String password) {
        UserEntity user = name == null ? null : Transactions.read(emf, em -> em.find(UserEntity.class, name));
        String hash = user == null ? NOBODY : user.password();
        boolean matches;
        try {
            matches = password != null && BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException notBcrypt) {
            matches = false;
        }
        return user != null && matches ? Optional.of(Set.copyOf(user.roles())) : Optional.empty();
    }

    @Override
    public List<User> list() {
        return Transactions.read(emf, em -> em.createQuery("select u from UserEntity u order by u.name", UserEntity.class)
                .getResultList().stream().map(DatabaseUserService::toUser).toList());
    }

    @Override
    public Optional<User> find(String name) {
        return name == null ? Optional.empty()
                : Transactions.read(emf, em -> Optional.ofNullable(em.find(UserEntity.class, name)).map(DatabaseUserService::toUser));
    }

    private static User toUser(UserEntity user) {
        Set<String> roles = new TreeSet<>(user.roles());
        roles.retainAll(Roles.PERSON_ROLES);
        return new User(user.name(), roles);
    }

    @Override
    public User create(String name, String password, Set<String> roles) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1 to 64 letters, digits or . _ @ -, starting with a letter or digit"));
        }
        checkPassword(password, errors);
        checkRoles(roles, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String hash = BCrypt.hashpw(password, BCrypt.gensalt());
        try {
            return change(em -> {
                if (em.find(UserEntity.class, name) != null) {
                    throw ApiException.conflict("there is already a user named '" + name + "'");
                }
                UserEntity user = new UserEntity(name, hash, grants(roles));
                em.persist(user);
                return toUser(user);
            });
        } catch (RuntimeException e) {
            // Two nodes creating the same name at once: the second insert hits the primary key.
            if (Transactions.isContention(e)) {
                throw ApiException.conflict("there is already a user named '" + name + "'");
            }
            throw e;
        }
    }

    @Override
    public void setPassword(String name, String password) {
        List<FieldError> errors = new ArrayList<>();
        checkPassword(password, errors);
        existing(name);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String hash = BCrypt.hashpw(password, BCrypt.gensalt());
        change(em -> {
            existing(em, name).password(hash);
            return null;
        });
        forgetInitialPassword(name, "the password of '" + name + "' was changed");
    }

    private void forgetInitialPassword(String name, String why) {
        if (AdminBootstrap.ADMIN_USER.equals(name)) {
            initialPassword.delete(why);
        }
    }

    @Override
    public User setRoles(String name, Set<String> roles) {
        List<FieldError> errors = new ArrayList<>();
        checkRoles(roles, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return change(em -> {
            UserEntity user = existing(em, name);
            if (user.roles().contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN)) {
                requireAnotherAdmin(em, name);
            }
            // Roles other than Rapport's grants (given by hand to someone) are left alone.
            Set<String> managed = new LinkedHashSet<>();
            GRANTS.values().forEach(managed::addAll);
            Set<String> kept = new TreeSet<>(user.roles());
            kept.removeAll(managed);
            kept.addAll(grants(roles));
            user.roles(kept);
            return toUser(user);
        });
    }

    @Override
    public void delete(String name) {
        change(em -> {
            UserEntity user = existing(em, name);
            if (user.roles().contains(Roles.ADMIN)) {
                requireAnotherAdmin(em, name);
            }
            em.remove(user);
            return null;
        });
        forgetInitialPassword(name, "'" + name + "' was deleted");
    }

    /** A change in one transaction, after which remembered logins are forgotten. */
    private <T> T change(Function<EntityManager, T> work) {
        try {
            return Transactions.inTransaction(emf, work);
        } finally {
            login.forgetAll();
        }
    }

    private static Set<String> grants(Set<String> roles) {
        Set<String> karafRoles = new TreeSet<>();
        roles.forEach(role -> karafRoles.addAll(GRANTS.get(role)));
        return karafRoles;
    }

    private static void requireAnotherAdmin(EntityManager em, String name) {
        boolean another = em.createQuery("select u from UserEntity u where u.name <> :name", UserEntity.class)
                .setParameter("name", name).getResultStream().anyMatch(u -> u.roles().contains(Roles.ADMIN));
        if (!another) {
            throw ApiException.conflict("'" + name + "' is the last administrator; make another user an administrator first");
        }
    }

    private void existing(String name) {
        Transactions.read(emf, em -> existing(em, name));
    }

    private static UserEntity existing(EntityManager em, String name) {
        UserEntity user = name == null ? null : em.find(UserEntity.class, name);
        if (user == null) {
            throw ApiException.notFound("user", name);
        }
        return user;
    }

    private static void checkPassword(String password, List<FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            errors.add(new FieldError("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
        } else if (password.chars().anyMatch(Character::isISOControl) || !password.equals(password.strip())) {
            errors.add(new FieldError("password", "may not contain control characters, nor begin or end with a space"));
        } else if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            // bcrypt reads 72 bytes: a longer password would match anything with the same start.
            errors.add(new FieldError("password", "must be at most 72 bytes in UTF-8"));
        }
    }

    private static void checkRoles(Set<String> roles, List<FieldError> errors) {
        if (roles == null || roles.isEmpty()) {
            errors.add(new FieldError("roles", "name at least one of " + new TreeSet<>(Roles.PERSON_ROLES)));
            return;
        }
        for (String role : roles) {
            if (!Roles.PERSON_ROLES.contains(role)) {
                errors.add(new FieldError("roles", "'" + role + "' is not a role; the roles are " + new TreeSet<>(Roles.PERSON_ROLES)
                        + (Roles.PARTNER.equals(role) ? " (partners get API keys, not users)" : "")));
            }
        }
    }

    /**
     * Copies the people of Karaf's users file who hold a Rapport role into an empty table (their
     * bcrypt hashes as they are; a password still in clear text is hashed), once, at the first start.
     */
    private void copy(Path usersFile) {
        if (!Files.isRegularFile(usersFile)
                || Transactions.read(emf, em -> em.createQuery("select count(u) from UserEntity u", Long.class)
                        .getSingleResult()) > 0) {
            return;
        }
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(usersFile, StandardCharsets.UTF_8)) {
            file.load(in);
        } catch (IOException e) {
            LOG.warn("Cannot read {} to copy its people: {}", usersFile, e.toString());
            return;
        }
        List<UserEntity> people = new ArrayList<>();
        for (String name : file.stringPropertyNames()) {
            String[] parts = file.getProperty(name).split(",");
            Set<String> roles = new TreeSet<>();
            for (int i = 1; i < parts.length; i++) {
                roles.add(parts[i].strip());
            }
            if (name.startsWith("_g_:") || roles.stream().noneMatch(Roles.PERSON_ROLES::contains)) {
                continue;
            }
            String password = parts[0].strip();
            if (password.startsWith(CRYPT) && password.endsWith(CRYPT) && password.length() > 2 * CRYPT.length()) {
                password = password.substring(CRYPT.length(), password.length() - CRYPT.length());
            } else {
                password = BCrypt.hashpw(password, BCrypt.gensalt());
            }
            people.add(new UserEntity(name, password, roles));
        }
        Consumer<EntityManager> insert = em -> people.stream().filter(p -> em.find(UserEntity.class, p.name()) == null)
                .forEach(em::persist);
        Transactions.retrying(emf, 3, em -> {
            insert.accept(em);
            return null;
        });
        if (!people.isEmpty()) {
            LOG.info("Copied {} people from {} into the database", people.size(), usersFile);
        }
    }
}
