/**
 * The {@code cases:*} shell commands: cases listed, shown with their thread, opened, answered,
 * noted, assigned and moved; the queues' figures and the SLA check; completers of case ids and
 * queues.
 */
package org.rapport.service.impl.command;
