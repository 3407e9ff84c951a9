/**
 * Shell commands of the {@code messages} and {@code channels} scopes.
 */
package org.rapport.communication.impl.command;
