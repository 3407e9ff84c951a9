package org.rapport.contacts.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's listener to the interactions Rapport records, registered as an OSGi service (a
 * whiteboard). Rapport calls it after each interaction is stored, on a thread of the listener's
 * own, within a time budget: a listener that throws, or takes longer than the budget, is at
 * fault; after so many faults in a row it is suspended (it hears of nothing more) and the
 * administrator is told, until they resume it ({@code plugins:resume listener <name>}).
 * The other listeners and the platform go on meanwhile.
 */
@ConsumerType
public interface InteractionListener {

    /** Service property: the listener's name in reports; by default the registering bundle's symbolic name. */
    String NAME = "rapport.listener.name";

    /** An interaction was stored. */
    void recorded(Interaction interaction);
}
