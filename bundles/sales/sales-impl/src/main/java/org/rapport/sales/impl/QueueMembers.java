package org.rapport.sales.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who works each queue, from {@code queueMembers} in {@code etc/org.rapport.sales.cfg}:
 * {@code queue:user+user}. A lead the routing rules send to a queue with members, without naming
 * an owner, goes to one of them in turn: the member at its id modulo their number, so consecutive
 * leads alternate and re-scoring gives the same answer. A lead already owned by a member of its
 * queue keeps that owner.
 */
final class QueueMembers {

    private final Map<String, List<String>> members;

    private QueueMembers(Map<String, List<String>> members) {
        this.members = members;
    }

    static QueueMembers none() {
        return new QueueMembers(Map.of());
    }

    /** @throws IllegalArgumentException naming the entry at fault ({@code queueMembers[1] 'x': ...}) */
    static QueueMembers parse(String[] configured) {
        String[] entries = ConfigLists.split(configured);
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i++) {
            String where = "queueMembers[" + i + "] '" + entries[i] + "': ";
            int colon = entries[i].indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(where + "write queue:user+user");
            }
            String queue = entries[i].substring(0, colon).strip();
            List<String> users = new ArrayList<>();
            for (String user : entries[i].substring(colon + 1).split("\\+")) {
                String name = user.strip();
                if (!LeadInput.OWNER.matcher(name).matches()) {
                    throw new IllegalArgumentException(where + "'" + Texts.shorten(name) + "' is not a user name");
                }
                if (users.contains(name)) {
                    throw new IllegalArgumentException(where + "'" + name + "' is named twice");
                }
                users.add(name);
            }
            if (members.put(queue, List.copyOf(users)) != null) {
                throw new IllegalArgumentException(where + "the queue is named twice");
            }
        }
        return new QueueMembers(members);
    }

    /**
     * The owner of a lead routed to {@code queue} without an owner named by the rules:
     * {@code current} if it is a member of the queue, else the member whose turn the lead's id is,
     * else {@code current} when the queue has no members.
     */
    String owner(String queue, long leadId, String current) {
        List<String> users = queue == null ? List.of() : members.getOrDefault(queue, List.of());
        if (users.isEmpty() || current != null && users.contains(current)) {
            return current;
        }
        return users.get((int) Math.floorMod(leadId, (long) users.size()));
    }
}
