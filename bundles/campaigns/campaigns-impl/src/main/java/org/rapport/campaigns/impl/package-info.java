/**
 * The campaigns implementation: definitions checked against segments, templates, channels and
 * purposes ({@link org.rapport.campaigns.impl.CampaignInput}), launch and life
 * ({@link org.rapport.campaigns.impl.CampaignServiceImpl}), sending as a job of the platform's runner
 * ({@link org.rapport.campaigns.impl.CampaignSending}), outcomes from the messages' events
 * ({@link org.rapport.campaigns.impl.MessageOutcomes}), signed unsubscribe links
 * ({@link org.rapport.campaigns.impl.LinkTokens}), figures, and erasure and export of the
 * recipient lists. Entities are private to this bundle.
 */
package org.rapport.campaigns.impl;
