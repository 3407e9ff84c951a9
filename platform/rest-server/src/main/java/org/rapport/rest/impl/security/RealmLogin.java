package org.rapport.rest.impl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.osgi.service.component.annotations.Component;

/**
 * Logs people in against the JAAS realm {@value #REALM}, the one the shell and SSH use. Passwords
 * are stored with bcrypt, which is slow on purpose; so that HTTP Basic does not pay for it on every
 * request, a successful login is remembered for {@value #REMEMBER_SECONDS} seconds under a hash of
 * the credentials. Changes made through Rapport's user service forget every remembered login at
 * once on this node; changes made on another node sharing the database apply here within that time.
 */
@Component(service = RealmLogin.class)
public class RealmLogin {

    static final String REALM = "karaf";
    static final int REMEMBER_SECONDS = 60;

    private record Remembered(Caller caller, long expiresAt) {
    }

    private final ConcurrentMap<String, Remembered> remembered = new ConcurrentHashMap<>();

    /** The person these credentials belong to, if they are right. */
    public Optional<Caller> login(String user, String password) {
        String key = digest(user + '\u0000' + password);
        Remembered known = remembered.get(key);
        long now = System.nanoTime();
        if (known != null && now - known.expiresAt() < 0) {
            return Optional.of(known.caller());
        }
        remembered.remove(key);
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's proxy login module through the context class loader.
        thread.setContextClassLoader(RealmLogin.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(REALM, subject, callbacks -> answer(callbacks, user, password));
            context.login();
        } catch (LoginException e) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
        Set<String> roles = new LinkedHashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(role -> roles.add(role.getName()));
        Caller caller = Caller.person(user, roles);
        remembered.put(key, new Remembered(caller, now + REMEMBER_SECONDS * 1_000_000_000L));
        return Optional.of(caller);
    }

    /** Forgets every remembered login, after a user, password or role changed. */
    public void forgetAll() {
        remembered.clear();
    }

    private static void answer(Callback[] callbacks, String user, String password) throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof NameCallback name) {
                name.setName(user);
            } else if (callback instanceof PasswordCallback secret) {
                secret.setPassword(password.toCharArray());
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
