/**
 * Loyalty as other bundles and plugins see it: the double-entry points ledger (earn, redeem,
 * expire, adjust, reverse), rewards, members' balances and tiers, and tier re-evaluation jobs.
 */
@Export
@Version("3.0.0")
package org.rapport.loyalty.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
