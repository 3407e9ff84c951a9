/**
 * Domain events out: the outbox, filled from the events the capabilities record in their own
 * transactions ({@code DomainEvents}, table {@code DOMAIN_EVENT}) and with this bundle's own
 * {@code contact.erased}; subscriptions of other systems; and signed CloudEvents delivered to them at least
 * once, in order per contact, several subscriptions side by side, to the address checked, retried,
 * dead-lettered, replayable within a cap, erased with the contact.
 */
package org.rapport.events.impl;
