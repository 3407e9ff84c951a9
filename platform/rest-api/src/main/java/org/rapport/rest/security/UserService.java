package org.rapport.rest.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.rapport.rest.ApiException;

/**
 * The people of Rapport's JAAS realm. Passwords are stored hashed; a password must be at least
 * {@value #MIN_PASSWORD_LENGTH} characters. Roles are those of {@link org.rapport.rest.Roles#PERSON_ROLES}.
 * Refusals are {@link ApiException}s naming the field at fault.
 */
@ProviderType
public interface UserService {

    int MIN_PASSWORD_LENGTH = 12;

    List<User> list();

    Optional<User> find(String name);

    /** @throws ApiException 400 for a bad name, password or role, 409 if the name is taken */
    User create(String name, String password, Set<String> roles);

    /** @throws ApiException 404 for an unknown user, 400 for a bad password */
    void setPassword(String name, String password);

    /** Replaces the user's roles. @throws ApiException 404 for an unknown user, 400 for a bad role */
    User setRoles(String name, Set<String> roles);

    /**
     * Removes the user. @throws ApiException 404 for an unknown user, 409 when it is the last
     * administrator
     */
    void delete(String name);
}
