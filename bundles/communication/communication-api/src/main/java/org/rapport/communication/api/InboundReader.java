package org.rapport.communication.api;

import java.util.Set;

/**
 * Who reads the inbound log: a user's (or an API key's) name and the roles they hold ({@code admin},
 * {@code agent}, {@code analyst}, {@code partner}). An administrator reads every message; anyone
 * else reads what the {@link InboundAccess} of each message's keeper lets them (since 1.7), in the
 * inbound log and, since 1.8, in the outbox's log ({@link MessageService#log(Long, MessageStatus,
 * InboundReader, int, int)}).
 */
public record InboundReader(String name, Set<String> roles) {

    /** The role of administrators, who read every message. */
    public static final String ADMIN = "admin";

    public InboundReader {
        name = name == null ? "" : name;
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** Whether this reader reads every message, whoever keeps it. */
    public boolean readsAll() {
        return roles.contains(ADMIN);
    }
}
