package org.rapport.communication.impl;

import java.time.Duration;

/** How the dispatcher sends ({@link Dispatcher}), from {@code etc/org.rapport.communication.cfg}. */
record DispatchSettings(int batchSize, int maxAttempts, Duration retryAfter, Duration retryAtMost,
        Duration channelBudget, int suspendAfterFaults, int senders) {

    DispatchSettings {
        if (senders < 1 || senders > Dispatcher.MAX_SENDERS) {
            throw new IllegalArgumentException("in " + CommunicationConfig.PID + ", senders is 1 to "
                    + Dispatcher.MAX_SENDERS + ", not " + senders);
        }
        if (channelBudget.isNegative() || channelBudget.isZero() || suspendAfterFaults < 1) {
            throw new IllegalArgumentException("in " + CommunicationConfig.PID + ", channelBudgetSeconds and "
                    + "suspendChannelAfterFaults must be at least 1");
        }
        if (batchSize < 1 || maxAttempts < 1 || retryAfter.isNegative() || retryAfter.isZero()
                || retryAtMost.compareTo(retryAfter) < 0) {
            throw new IllegalArgumentException("in " + CommunicationConfig.PID + ", batchSize and maxAttempts must be "
                    + "at least 1, retryAfterSeconds at least 1 and retryAtMostSeconds at least retryAfterSeconds");
        }
    }

    static DispatchSettings of(CommunicationConfig config) {
        return new DispatchSettings(config.batchSize(), config.maxAttempts(),
                Duration.ofSeconds(config.retryAfterSeconds()), Duration.ofSeconds(config.retryAtMostSeconds()),
                Duration.ofSeconds(config.channelBudgetSeconds()), config.suspendChannelAfterFaults(), config.senders());
    }

    /** The wait after the {@code attempts}-th failed attempt. */
    Duration backoff(int attempts) {
        Duration wait = retryAfter;
        for (int i = 1; i < attempts && wait.compareTo(retryAtMost) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryAtMost) > 0 ? retryAtMost : wait;
    }
}
