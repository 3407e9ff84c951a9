package org.rapport.rest.impl.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.security.auth.login.AppConfigurationEntry;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapport.rest.ApiException;
import org.rapport.rest.FieldError;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;

/**
 * The people of the JAAS realm {@value RealmLogin#REALM}, kept by its properties login module in
 * {@code etc/users.properties} (passwords hashed by the realm's encryption, bcrypt in the
 * distribution). A Rapport role is granted with the Karaf roles it needs: an administrator also
 * gets Karaf's {@code manager}, {@code viewer} and {@code systembus}, and every role gets
 * {@code ssh}. Roles are held directly, not through groups, because the properties engine drops a
 * group when its last member leaves it.
 */
@Component(service = UserService.class)
public class JaasUserService implements UserService {

    static final String PROPERTIES_MODULE = "org.apache.karaf.jaas.modules.properties.PropertiesLoginModule";
    /** The properties login module's option naming its users file. */
    static final String USERS_OPTION = "users";
    /** The Karaf roles each Rapport role is granted with. */
    static final Map<String, List<String>> GRANTS = Map.of(
            Roles.ADMIN, List.of(Roles.ADMIN, "manager", "viewer", "systembus", "ssh"),
            Roles.ANALYST, List.of(Roles.ANALYST, "ssh"),
            Roles.AGENT, List.of(Roles.AGENT, "ssh"));
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final List<JaasRealm> realms;
    private final List<BackingEngineFactory> factories;
    private final RealmLogin login;

    @Activate
    public JaasUserService(
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY) List<JaasRealm> realms,
            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policyOption = ReferencePolicyOption.GREEDY) List<BackingEngineFactory> factories,
            @Reference RealmLogin login) {
        this.realms = List.copyOf(realms);
        this.factories = List.copyOf(factories);
        this.login = login;
    }

    /** The realm's properties login module options: where the users file is, how passwords are hashed. */
    private Map<String, ?> moduleOptions() {
        for (JaasRealm realm : realms) {
            if (!RealmLogin.REALM.equals(realm.getName())) {
                continue;
            }
            for (AppConfigurationEntry entry : realm.getEntries()) {
                if (PROPERTIES_MODULE.equals(entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE))) {
                    return entry.getOptions();
                }
            }
        }
        throw unavailable();
    }

    private BackingEngine engine(Map<String, ?> options) {
        for (BackingEngineFactory factory : factories) {
            if (PROPERTIES_MODULE.equals(factory.getModuleClass())) {
                BackingEngine engine = factory.build(options);
                if (engine != null) {
                    return engine;
                }
            }
        }
        throw unavailable();
    }

    private static ApiException unavailable() {
        return new ApiException(503, "realm_unavailable",
                "the user realm '" + RealmLogin.REALM + "' with its properties login module is not available");
    }

    /** An engine over the users file as it is now, for reading. */
    private BackingEngine engine() {
        return engine(moduleOptions());
    }

    /**
     * Applies {@code edit} to a draft copy of the users file and moves the draft over the file in
     * one step. The properties engine writes the file in place on every change, and Karaf re-reads
     * it when it changes (logins, and the watcher that hashes passwords written in clear), so a
     * change written in place can be read half-written; a replaced file is seen whole or not at all.
     */
    private <T> T edit(Function<BackingEngine, T> edit) {
        Map<String, ?> options = moduleOptions();
        Path users = Paths.get(String.valueOf(options.get(USERS_OPTION)));
        Path draft = users.resolveSibling("." + users.getFileName() + ".draft");
        try {
            Files.copy(users, draft, StandardCopyOption.REPLACE_EXISTING);
            Map<String, Object> draftOptions = new HashMap<>(options);
            draftOptions.put(USERS_OPTION, draft.toString());
            T result = edit.apply(engine(draftOptions));
            Files.move(draft, users, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the users file " + users, e);
        } finally {
            login.forgetAll();
            try {
                Files.deleteIfExists(draft);
            } catch (IOException e) {
                // a stale draft is copied over by the next change
            }
        }
    }

    @Override
    public synchronized List<User> list() {
        BackingEngine engine = engine();
        List<User> users = new ArrayList<>();
        for (UserPrincipal user : engine.listUsers()) {
            users.add(toUser(engine, user));
        }
        users.sort(Comparator.comparing(User::name));
        return users;
    }

    @Override
    public synchronized Optional<User> find(String name) {
        BackingEngine engine = engine();
        UserPrincipal user = name == null ? null : engine.lookupUser(name);
        return user == null ? Optional.empty() : Optional.of(toUser(engine, user));
    }

    private static User toUser(BackingEngine engine, UserPrincipal user) {
        Set<String> roles = new TreeSet<>();
        for (RolePrincipal role : engine.listRoles(user)) {
            if (Roles.PERSON_ROLES.contains(role.getName())) {
                roles.add(role.getName());
            }
        }
        return new User(user.getName(), roles);
    }

    @Override
    public synchronized User create(String name, String password, Set<String> roles) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add(new FieldError("name", "must be 1 to 64 letters, digits or . _ @ -, starting with a letter or digit"));
        }
        checkPassword(password, errors);
        checkRoles(roles, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return edit(engine -> {
            if (engine.lookupUser(name) != null) {
                throw ApiException.conflict("there is already a user named '" + name + "'");
            }
            engine.addUser(name, password);
            grant(engine, name, roles);
            return toUser(engine, engine.lookupUser(name));
        });
    }

    @Override
    public synchronized void setPassword(String name, String password) {
        List<FieldError> errors = new ArrayList<>();
        checkPassword(password, errors);
        existing(engine(), name);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        // The properties engine keeps the user's roles and groups when it replaces the password.
        edit(engine -> {
            engine.addUser(existing(engine, name).getName(), password);
            return null;
        });
    }

    @Override
    public synchronized User setRoles(String name, Set<String> roles) {
        List<FieldError> errors = new ArrayList<>();
        checkRoles(roles, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return edit(engine -> {
            User before = toUser(engine, existing(engine, name));
            if (before.roles().contains(Roles.ADMIN) && !roles.contains(Roles.ADMIN)) {
                requireAnotherAdmin(engine, name);
            }
            grant(engine, name, roles);
            return toUser(engine, engine.lookupUser(name));
        });
    }

    @Override
    public synchronized void delete(String name) {
        edit(engine -> {
            if (toUser(engine, existing(engine, name)).roles().contains(Roles.ADMIN)) {
                requireAnotherAdmin(engine, name);
            }
            engine.deleteUser(name);
            return null;
        });
    }

    /** Gives the user exactly the Karaf roles that {@code roles} need, leaving other roles alone. */
    private static void grant(BackingEngine engine, String name, Set<String> roles) {
        Set<String> wanted = new LinkedHashSet<>();
        roles.forEach(role -> wanted.addAll(GRANTS.get(role)));
        Set<String> managed = new LinkedHashSet<>();
        GRANTS.values().forEach(managed::addAll);
        Set<String> held = new LinkedHashSet<>();
        engine.listRoles(engine.lookupUser(name)).forEach(role -> held.add(role.getName()));
        for (String role : wanted) {
            if (!held.contains(role)) {
                engine.addRole(name, role);
            }
        }
        for (String role : held) {
            if (managed.contains(role) && !wanted.contains(role)) {
                engine.deleteRole(name, role);
            }
        }
    }

    private static void requireAnotherAdmin(BackingEngine engine, String name) {
        boolean another = engine.listUsers().stream()
                .filter(other -> !other.getName().equals(name))
                .anyMatch(other -> toUser(engine, other).roles().contains(Roles.ADMIN));
        if (!another) {
            throw ApiException.conflict("'" + name + "' is the last administrator; make another user an administrator first");
        }
    }

    private static UserPrincipal existing(BackingEngine engine, String name) {
        UserPrincipal user = name == null ? null : engine.lookupUser(name);
        if (user == null) {
            throw ApiException.notFound("user", name);
        }
        return user;
    }

    private static void checkPassword(String password, List<FieldError> errors) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            errors.add(new FieldError("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
        } else if (password.chars().anyMatch(c -> c == ',' || Character.isISOControl(c))
                || !password.equals(password.strip())) {
            errors.add(new FieldError("password", "may not contain commas or control characters, nor begin or end with a space"));
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
}
