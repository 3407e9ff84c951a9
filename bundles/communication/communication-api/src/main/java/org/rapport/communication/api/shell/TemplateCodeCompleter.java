package org.rapport.communication.api.shell;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the code of a message template, once per code with its languages beside it. Templates
 * are few (one per message the product sends, per language), so the list is read whole. Agents
 * and analysts read templates.
 */
@Service
public class TemplateCodeCompleter extends BoundedCompleter {

    @Reference
    MessageService messages;

    public TemplateCodeCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        Map<String, String> languages = messages.templates().stream().filter(t -> t.code().startsWith(typed))
                .collect(Collectors.groupingBy(Template::code, TreeMap::new,
                        Collectors.mapping(Template::language, Collectors.joining(", "))));
        return languages.entrySet().stream().limit(LIMIT)
                .map(e -> candidate(e.getKey(), e.getKey(), e.getValue())).toList();
    }
}
