package org.rapport.guard;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The plugin code a guard calls. A checked exception it throws ({@code X}, such as a channel's
 * {@code DeliveryException}) is the plugin's answer and reaches the caller as it is; an unchecked
 * one, or an error, is a fault.
 *
 * @param <T> what the call returns
 * @param <X> the checked exception the plugin's interface lets it answer with
 */
@ConsumerType
@FunctionalInterface
public interface GuardedCall<T, X extends Exception> {

    T call() throws X;
}
