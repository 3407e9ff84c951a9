package org.rapport.rest.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.event.EventAdmin;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.security.ApiKey;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;
import org.rapport.rest.security.ShellUser;

/**
 * {@code admin:keys [list]}, {@code admin:keys issue <name> <scope>...}, {@code admin:keys revoke <id>}.
 * An issued key is printed this once.
 */
@Service
@Command(scope = "admin", name = "keys", description = "Lists, issues and revokes the API keys of partner systems")
public class KeysCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "action", description = "list, issue or revoke")
    @Completion(values = {"list", "issue", "revoke"}, caseSensitive = true, value = StringsCompleter.class)
    String action = "list";

    @Argument(index = 1, name = "name or id", description = "The partner system's name (issue) or the key's id (revoke)")
    String subject;

    @Argument(index = 2, name = "scopes", description = "Scopes such as contacts:read loyalty:write", multiValued = true)
    List<String> scopes;

    @Reference
    ApiKeyService keys;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        String user = ShellUser.name();
        switch (action) {
            case "list" -> {
                System.out.printf("%-12s  %-24s  %-19s  %-19s  %-10s  %s%n", "Id", "Name", "Created", "Last used", "State",
                        "Scopes");
                for (ApiKey key : keys.list()) {
                    System.out.printf("%-12s  %-24s  %-19s  %-19s  %-10s  %s%n", key.id(), key.name(),
                            TIME.format(key.createdAt()), key.lastUsedAt() == null ? "never" : TIME.format(key.lastUsedAt()),
                            key.revoked() ? "revoked" : "active", String.join(" ", key.scopes().stream().sorted().toList()));
                }
            }
            case "issue" -> {
                IssuedApiKey issued = keys.issue(subject, scopes == null ? null : new LinkedHashSet<>(scopes), user);
                AuditTrail.send(events, user, "key.issue", "API key " + issued.key().id(), null, "issued to "
                        + issued.key().name() + " with scopes " + String.join(", ", issued.key().scopes()));
                System.out.println("API key " + issued.key().id() + " issued to " + issued.key().name() + ": " + issued.secret());
                System.out.println("It is shown this once; send it in the X-API-Key header.");
            }
            case "revoke" -> {
                if (subject == null) {
                    throw new IllegalArgumentException("name the key: admin:keys revoke <id>");
                }
                ApiKey key = keys.revoke(subject, user);
                AuditTrail.send(events, user, "key.revoke", "API key " + key.id(), "active", "revoked");
                System.out.println("API key " + key.id() + " (" + key.name() + ") revoked");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use list, issue or revoke");
        }
        return null;
    }
}
