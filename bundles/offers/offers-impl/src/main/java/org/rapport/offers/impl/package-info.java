/**
 * Offers: the catalogue ({@link org.rapport.offers.impl.OfferServiceImpl}), each customer's offers
 * decided by the {@code offers} rules on their purchases, spend, tier and segments behind the consent
 * gate ({@code OfferDecider}) against the catalogue kept in memory ({@code Catalogue}), acceptances
 * on the timeline, erasure and export ({@link org.rapport.offers.impl.OfferErasure}).
 */
package org.rapport.offers.impl;
