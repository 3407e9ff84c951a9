/**
 * The outbox ({@link org.rapport.communication.impl.MessageServiceImpl}) and its dispatcher, the
 * template placeholders, and the channels this bundle ships: email over SMTP
 * ({@link org.rapport.communication.impl.EmailChannel}) and webhooks
 * ({@link org.rapport.communication.impl.WebhookChannel}).
 */
package org.rapport.communication.impl;
