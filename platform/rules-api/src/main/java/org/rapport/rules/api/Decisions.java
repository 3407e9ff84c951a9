package org.rapport.rules.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a rule uses to decide, available in every rule file as the global {@code decisions}:
 * <pre>
 * global org.rapport.rules.api.Decisions decisions;
 * ...
 * then
 *     decisions.decide("loyalty.set-tier", $m.getContactId()).with("tier", "Gold");
 * </pre>
 * The engine records which rule of which release made each decision.
 */
@ProviderType
public interface Decisions {

    /** The name of the global through which rules reach this object. */
    String GLOBAL = "decisions";

    /**
     * Records a decision of {@code type} about {@code subject} (a contact id, a record id, ...).
     *
     * @return a draft to which the rule adds the decision's attributes
     */
    Draft decide(String type, Object subject);

    /** A decision being made; attributes are kept in the order they were added. */
    @ProviderType
    interface Draft {
        Draft with(String name, Object value);
    }
}
