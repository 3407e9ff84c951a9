/**
 * Shell commands of the {@code contacts} scope.
 */
package org.rapport.contacts.impl.command;
