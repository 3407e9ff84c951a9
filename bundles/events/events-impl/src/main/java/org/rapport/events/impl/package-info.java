/**
 * Domain events out: the outbox the capabilities' Event Admin events are written to, subscriptions
 * of other systems, and signed CloudEvents delivered to them at least once, in order per contact,
 * retried, dead-lettered, replayable, erased with the contact.
 */
package org.rapport.events.impl;
