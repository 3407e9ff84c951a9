/**
 * Stores purchases and memberships, and applies the tier decisions of the {@code loyalty} rules.
 */
package org.rapport.loyalty.impl;
