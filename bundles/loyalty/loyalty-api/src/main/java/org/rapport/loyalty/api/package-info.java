/**
 * Loyalty as other bundles and plugins see it: the double-entry points ledger (earn, redeem,
 * expire, adjust, reverse), rewards, members' balances and tiers, tier re-evaluation jobs, and
 * purchases' lines (what was bought) with each contact's {@link org.rapport.loyalty.api.PurchaseHistory}.
 */
@Export
@Version("3.3.0")
package org.rapport.loyalty.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
