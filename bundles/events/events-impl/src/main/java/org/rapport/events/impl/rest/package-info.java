/** {@code /api/v1/event-subscriptions}: subscriptions, replays and deliveries over REST, for administrators. */
package org.rapport.events.impl.rest;
