package org.rapport.contacts.impl.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactMerger;
import org.rapport.contacts.api.ContactMerger.MergeChoice;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.api.MergePreview;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;

/**
 * {@code contacts:merge [--take phone] [--keep lastName] [--confirm] <survivor> <merged>}: shows what
 * merging would give; with {@code --confirm} merges.
 */
@Service
@Command(scope = "contacts", name = "merge", description = "Previews merging a contact into another; --confirm merges")
public class ContactMergeCommand implements Action {

    @Option(name = "--take", description = "A field to take from the merged contact, such as phone or "
            + "properties.birthDate", multiValued = true)
    @Completion(MergeFieldCompleter.class)
    List<String> take;

    @Option(name = "--keep", description = "A field to keep from the survivor even if empty", multiValued = true)
    @Completion(MergeFieldCompleter.class)
    List<String> keep;

    @Option(name = "--confirm", description = "Merge; without it, only the preview is shown")
    boolean confirm;

    @Argument(index = 0, name = "survivor", description = "The contact that stays", required = true)
    @Completion(ContactIdCompleter.class)
    long survivor;

    @Argument(index = 1, name = "merged", description = "The contact merged into it", required = true)
    @Completion(ContactIdCompleter.class)
    long merged;

    @Reference
    ContactMerger merger;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        Map<String, MergeChoice> choices = new LinkedHashMap<>();
        if (take != null) {
            take.forEach(f -> choices.put(f, MergeChoice.MERGED));
        }
        if (keep != null) {
            keep.forEach(f -> choices.put(f, MergeChoice.SURVIVOR));
        }
        MergePreview preview = merger.preview(survivor, merged, choices);
        System.out.println("Merging " + merged + " " + preview.merged().displayName() + " <" + preview.merged().email()
                + "> into " + survivor + " " + preview.survivor().displayName() + " <" + preview.survivor().email() + ">");
        for (MergePreview.Field f : preview.fields()) {
            System.out.printf("  %-20s %-25s %-25s -> %s%n", f.name(), show(f.survivorValue()), show(f.mergedValue()),
                    f.chosen().name().toLowerCase());
        }
        System.out.println("  tags: " + String.join(", ", preview.result().tags()));
        System.out.println("  " + preview.interactions() + " interaction(s) move to " + survivor);
        preview.participants().forEach((name, said) -> System.out.println("  " + name + ": " + said));
        if (!confirm) {
            System.out.println("Nothing changed; run again with --confirm to merge");
            return null;
        }
        Merge merge = merger.merge(survivor, merged, choices, ShellUser.name());
        ContactAudit.other(events, ShellUser.name(), "contact.merge", "contact " + survivor,
                "contact " + merged + " merged in (merge " + merge.id() + "): " + merge.outcomes());
        System.out.println("Merged (merge " + merge.id() + "; contacts:unmerge " + merge.id() + " undoes it)");
        return null;
    }

    private static String show(Object value) {
        if (value == null) {
            return "-";
        }
        return value instanceof org.rapport.contacts.api.Address a ? a.oneLine() : value.toString();
    }
}
