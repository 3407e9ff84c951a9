/**
 * The campaigns implementation: definitions checked against segments, templates, channels and
 * purposes ({@link org.rapport.campaigns.impl.CampaignInput}), launch and life
 * ({@link org.rapport.campaigns.impl.CampaignServiceImpl}), sending as a job of the platform's runner
 * ({@link org.rapport.campaigns.impl.CampaignSending}) under the frequency caps and quiet hours of the
 * {@code campaigns} rules ({@link org.rapport.campaigns.impl.CapRules}), outcomes from the messages'
 * events ({@link org.rapport.campaigns.impl.MessageOutcomes}), signed unsubscribe, open and click
 * links ({@link org.rapport.campaigns.impl.LinkTokens}, {@link org.rapport.campaigns.impl.PublicLinks}),
 * tracking for contacts who consented to it ({@link org.rapport.campaigns.impl.Tracking}), conversions
 * from booked purchases ({@link org.rapport.campaigns.impl.Conversions}), figures, tests of a
 * variant to the sender's own address ({@link org.rapport.campaigns.impl.TestSends}), and erasure and
 * export of the recipient lists. Entities are private to this bundle.
 */
package org.rapport.campaigns.impl;
