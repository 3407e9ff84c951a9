package org.rapport.offers.impl.command;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.OfferKind;
import org.rapport.offers.api.OfferService;
import org.rapport.rest.security.ShellUser;

/** {@code offers:define}: adds an offer to the catalogue, or changes the one with its code. */
@Service
@Command(scope = "offers", name = "define", description = "Defines an offer (or changes it): a code the rules name, "
        + "a title, a kind, a validity")
public class DefineCommand implements Action {

    @Argument(index = 0, name = "code", description = "The code the offers rules name it by (ESPRESSO-MACHINE)",
            required = true)
    @Completion(OfferCodeCompleter.class)
    String code;

    @Argument(index = 1, name = "title", description = "What the customer reads", required = true)
    String title;

    @Option(name = "--kind", description = "cross-sell, upsell or win-back")
    @Completion(OfferKindCompleter.class)
    String kind = "cross-sell";

    @Option(name = "--description", description = "More about the offer")
    String description;

    @Option(name = "--from", description = "The first day it may be offered, such as 2026-12-01")
    String from;

    @Option(name = "--to", description = "The last day it may be offered")
    String to;

    @Option(name = "--inactive", description = "Keeps it from being offered")
    boolean inactive;

    @Reference
    OfferService offers;

    @Override
    public Object execute() {
        Offer saved = offers.define(new Offer(code, title, description, OfferKind.parse(kind), day("--from", from),
                day("--to", to), !inactive), ShellUser.name());
        System.out.println("Offer " + saved.code() + " (" + saved.kind().label() + ") defined"
                + (saved.active() ? "" : ", inactive"));
        return null;
    }

    private static LocalDate day(String option, String value) {
        try {
            return value == null ? null : LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a day such as 2026-12-01");
        }
    }
}
