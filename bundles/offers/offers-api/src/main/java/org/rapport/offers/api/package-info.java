/**
 * Offers as other bundles and plugins see them: the catalogue ({@link org.rapport.offers.api.Offer}),
 * each customer's ranked offers and their acceptance ({@link org.rapport.offers.api.OfferService}), and the
 * plugin point through which partners propose offers for the rules to rank ({@link org.rapport.offers.api.OfferSource}).
 */
@Export
@Version("1.2.0")
package org.rapport.offers.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
