/** Shell commands {@code events:*}: subscriptions, replays and deliveries, for administrators. */
package org.rapport.events.impl.command;
