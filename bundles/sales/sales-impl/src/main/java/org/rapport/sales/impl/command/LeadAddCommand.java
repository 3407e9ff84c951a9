package org.rapport.sales.impl.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.privacy.api.shell.PurposeCompleter;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.shell.UserNameCompleter;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesService;

/** {@code sales:lead-add}: captures a lead, linked to a matching contact and scored by the rules. */
@Service
@Command(scope = "sales", name = "lead-add", description = "Captures a lead: linked to the contact with its email or "
        + "phone, scored and routed by the sales rules")
public class LeadAddCommand implements Action {

    @Argument(index = 0, name = "name", description = "The person's name", required = true, multiValued = true)
    List<String> name;

    @Option(name = "--email", description = "Email address")
    String email;

    @Option(name = "--phone", description = "Phone number")
    String phone;

    @Option(name = "--company", description = "Company name")
    String company;

    @Option(name = "--source", description = "Where the lead came from: referral, event, phone, ... (default: shell)")
    String source = "shell";

    @Option(name = "--owner", description = "The user the lead goes to (default: as the routing rules decide)")
    @Completion(UserNameCompleter.class)
    String owner;

    @Option(name = "--answer", description = "An answer as question=value, such as budget=over-10k", multiValued = true)
    List<String> answers;

    @Option(name = "--consent", description = "A consent purpose the person granted, such as marketing", multiValued = true)
    @Completion(PurposeCompleter.class)
    List<String> consents;

    @Reference
    SalesService sales;

    @Override
    public Object execute() {
        Map<String, String> given = new LinkedHashMap<>();
        for (String answer : answers == null ? List.<String>of() : answers) {
            int eq = answer.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--answer '" + answer + "' is not question=value");
            }
            given.put(answer.substring(0, eq), answer.substring(eq + 1));
        }
        Lead lead = sales.capture(new NewLead(String.join(" ", name), email, phone, company, source, given, owner,
                consents == null ? Set.of() : Set.copyOf(consents)), null, ShellUser.name());
        System.out.println("Lead " + lead.id() + " captured" + (lead.contactId() == null ? ""
                : ", linked to contact " + lead.contactId()) + ".");
        LeadsCommand.print(List.of(lead));
        return null;
    }
}
