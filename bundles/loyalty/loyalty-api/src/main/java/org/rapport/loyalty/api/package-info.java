/**
 * Loyalty: purchases, spend and tiers, as other bundles and plugins see them.
 */
@Export
@Version("1.0.0")
package org.rapport.loyalty.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
