/** The {@code offers:*} shell commands: list the catalogue, define an offer, show a customer's offers. */
package org.rapport.offers.impl.command;
