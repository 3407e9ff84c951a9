/**
 * The REST resources of communication: {@code /api/v1/messages} (the log, sending, retrying,
 * templates) and {@code /api/v1/channels}.
 */
package org.rapport.communication.impl.rest;
