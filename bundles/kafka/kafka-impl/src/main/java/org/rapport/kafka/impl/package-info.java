/**
 * Apache Kafka in and out: purchases, interactions and consents consumed from topics and booked
 * through the capabilities' public APIs, idempotent by event id, refused records to a dead-letter
 * topic with the reason; the domain events of the outbox published as CloudEvents keyed by contact.
 * Kafka's client is embedded in this bundle (it has no OSGi manifest); no other bundle sees it.
 */
package org.rapport.kafka.impl;
