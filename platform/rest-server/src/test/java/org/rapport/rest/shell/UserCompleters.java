package org.rapport.rest.shell;

import org.rapport.rest.security.UserService;

/** The user name completer on a given service, as Karaf's @Reference would set it, for tests in other packages. */
public final class UserCompleters {

    private UserCompleters() {
    }

    public static UserNameCompleter on(UserService users) {
        UserNameCompleter completer = new UserNameCompleter();
        completer.users = users;
        return completer;
    }
}
