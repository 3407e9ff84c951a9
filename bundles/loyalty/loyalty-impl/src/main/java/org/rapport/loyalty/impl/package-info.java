/**
 * Stores purchases and memberships, and applies the tier decisions of the {@code loyalty} rules (to the
 * members the consent gate allows, where the programme requires it: {@link org.rapport.loyalty.impl.TierConsent}).
 */
package org.rapport.loyalty.impl;
