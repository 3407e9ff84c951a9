package org.rapport.guard;

import java.time.Instant;

/**
 * A registration of a plugin that its consumer ignored because the plugin's manifest does not
 * declare it.
 *
 * @param kind   what was registered
 * @param name   its name: the REST path, the channel, the rule package, the participant
 * @param reason why it was refused, naming the attribute that would declare it
 * @param at     when it was first refused
 */
public record Refusal(Registration kind, String name, String reason, Instant at) {

    /** One line, for the log and the shell: {@code channel 'sms' refused: …}. */
    @Override
    public String toString() {
        return kind.word() + " '" + name + "' refused: " + reason;
    }
}
