package org.rapport.rest.impl.security;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;

/**
 * The login module of Rapport's realm: checks a name and password against the people in the
 * database ({@link DatabaseUserService}) and gives the subject the person and their roles.
 */
public class DatabaseLoginModule implements LoginModule {

    private Subject subject;
    private CallbackHandler callbacks;
    private final Set<Principal> principals = new LinkedHashSet<>();

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        NameCallback name = new NameCallback("Username: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("cannot ask for name and password: " + e);
        }
        char[] secret = password.getPassword();
        password.clearPassword();
        DatabaseUserService users = DatabaseUserService.current()
                .orElseThrow(() -> new LoginException("the people of the database cannot be reached yet"));
        Set<String> roles = users.authenticate(name.getName(), secret == null ? null : new String(secret))
                .orElseThrow(() -> new FailedLoginException("wrong name or password"));
        principals.clear();
        principals.add(new UserPrincipal(name.getName()));
        roles.forEach(role -> principals.add(new RolePrincipal(role)));
        return true;
    }

    @Override
    public boolean commit() {
        subject.getPrincipals().addAll(principals);
        return true;
    }

    @Override
    public boolean abort() {
        principals.clear();
        return true;
    }

    @Override
    public boolean logout() {
        subject.getPrincipals().removeAll(principals);
        principals.clear();
        return true;
    }
}
