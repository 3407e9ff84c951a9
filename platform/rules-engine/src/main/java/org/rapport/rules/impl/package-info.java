/**
 * The Drools host: the only code in Rapport that sees Drools. Compiles rule packages, swaps
 * releases and watches the rules hot folder.
 */
package org.rapport.rules.impl;
