/** Shell commands {@code admin:users} and {@code admin:keys}, for administrators. */
package org.rapport.rest.impl.command;
