/**
 * Outbound communication as other bundles and partners see it. {@link MessageService} takes a
 * message for a contact (a template, a purpose, a channel), or a page of them in one transaction
 * ({@link SendOutcome}, 1.8), renders it in the contact's language and keeps it in an outbox; a
 * dispatcher asks the consent gate when the message is about to leave and hands it to the
 * {@link MessageChannel} registered under the channel's name. Failures are retried with backoff
 * and every message, sent or not, stays in the log with its outcome.
 * Partners add channels (SMS, push, a messaging app) by registering a {@link MessageChannel}.
 *
 * <p>Communication is two-way: {@link InboundService} keeps the messages that come in (a mailbox
 * read over IMAP, signed inbound webhooks for SMS replies, chat and social messages) and the
 * addresses a hard bounce marked undeliverable; an {@link InboundListener} (a service desk, a
 * plugin) hears of each {@link InboundMessage}. A reply leaves threaded when its
 * {@link SendRequest#inReplyTo()} names the inbound message it answers. A mail whose sender the
 * receiving mail server could not authenticate is kept unmatched, saying why
 * ({@link InboundMessage#unauthenticated()}, 1.5); one it vouched for, with a pass aligned with the
 * {@code From} domain, or a signed gateway's, is {@link InboundMessage#authenticated()} (1.6). A
 * capability that takes messages in keeps them from readers who may not see them: it files them
 * ({@link InboundService#file}) and says who reads them ({@link InboundAccess}, for an
 * {@link InboundReader}; 1.7), and keeps what it sends on their behalf the same way
 * ({@link SendRequest#keeper()}, {@link MessageService#file}; 1.8); a keeper that will file a
 * message says so before it is on the contact's timeline ({@link InboundAccess#keeps}, 1.9), so the
 * timeline never carries its words. A message is one message to its recipient however many attempts it
 * takes: {@link OutgoingMessage#deliveryKey()} is the same on each (1.7).
 *
 * <p>A {@link Template} may have an HTML body besides its text: the email channel then sends both
 * ({@link OutgoingMessage#html()}), placeholders HTML-escaped, the HTML checked against an
 * allow-list when the template is saved.
 */
@Export
@Version("1.9.0")
package org.rapport.communication.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
