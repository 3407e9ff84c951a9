/**
 * Support for unit tests that run outside the container against real persistence units.
 */
package org.rapport.testing;
