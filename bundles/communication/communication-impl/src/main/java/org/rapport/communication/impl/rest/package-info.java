/**
 * The REST resources of communication: {@code /api/v1/messages} (the log, sending, retrying,
 * templates), {@code /api/v1/channels}, and {@code /api/v1/inbound} (the messages that came in,
 * the addresses that bounced, and the signed webhooks a gateway posts to without signing in).
 */
package org.rapport.communication.impl.rest;
