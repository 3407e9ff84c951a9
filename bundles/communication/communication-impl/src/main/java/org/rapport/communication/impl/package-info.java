/**
 * The outbox ({@link org.rapport.communication.impl.MessageServiceImpl}) and its dispatcher, the
 * templates ({@link org.rapport.communication.impl.TemplateStore}) and their placeholders, the
 * allow-list an HTML body is held to ({@link org.rapport.communication.impl.HtmlPolicy}) and its
 * rendering with escaped values ({@link org.rapport.communication.impl.HtmlBody}), and the channels this bundle ships: email over SMTP
 * ({@link org.rapport.communication.impl.EmailChannel}) and webhooks
 * ({@link org.rapport.communication.impl.WebhookChannel}). The way back in: the inbound log
 * ({@link org.rapport.communication.impl.InboundServiceImpl}), fed by the mailbox read over IMAP
 * ({@link org.rapport.communication.impl.MailboxPoller}, {@link org.rapport.communication.impl.MailParser})
 * and the signed inbound webhooks ({@link org.rapport.communication.impl.InboundGateway},
 * {@link org.rapport.communication.impl.InboundWebhook}); bounces that mark an address
 * undeliverable ({@link org.rapport.communication.impl.Bounces}); and the inbound listeners,
 * called through the platform's plugin guard ({@link org.rapport.communication.impl.InboundListeners});
 * who reads which inbound message, as the keepers that filed them say
 * ({@link org.rapport.communication.impl.InboundKeepers}, {@link org.rapport.communication.impl.Readers}).
 */
package org.rapport.communication.impl;
