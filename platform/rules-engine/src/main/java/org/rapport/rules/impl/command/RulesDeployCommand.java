package org.rapport.rules.impl.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ConfinedFiles;
import org.rapport.rest.security.ShellUser;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;
import org.rapport.rules.impl.RuleFiles;

/** {@code rules:deploy <package> <file-or-folder>}: the files become the package's next release. */
@Service
@Command(scope = "rules", name = "deploy",
        description = "Deploys a rule file, or a folder of rules and scenarios, as the next release of a package")
public class RulesDeployCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "path", description = "A rule file, or a folder of .drl rules, .csv/.xls/.xlsx decision tables and .yaml scenarios, in the rules folder (relative to it)", required = true)
    String path;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() throws IOException {
        Path source = candidate(path);
        Release release = engine.deploy(rulePackage, read(source), source.toString(), ShellUser.name());
        System.out.println("Rule package '" + rulePackage + "' v" + release.version() + " active: "
                + release.ruleCount() + " rule(s) from " + String.join(", ", release.files()));
        return null;
    }

    /**
     * The candidate a command names: a file or folder in the rules folder ({@code ${karaf.home}/rules}),
     * by a path relative to it, such as {@code examples/loyalty-tiers-table}; no other file on the server.
     */
    static Path candidate(String path) {
        return ConfinedFiles.inside(Paths.get(System.getProperty("karaf.home", "."), "rules"), path);
    }

    /** The .drl and .yaml files of a folder, or one file, by name; a symbolic link in the folder is refused. */
    static Map<String, String> read(Path source) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(source)) {
            try (Stream<Path> entries = Files.list(source)) {
                for (Path file : (Iterable<Path>) entries.filter(Files::isRegularFile)
                        .filter(f -> RuleFiles.isPackageFile(f.getFileName().toString()))::iterator) {
                    if (Files.isSymbolicLink(file)) {
                        throw new IllegalArgumentException(source.getFileName() + "/" + file.getFileName()
                                + " is a symbolic link; candidates are read from the rules folder only");
                    }
                    files.put(file.getFileName().toString(), RuleFiles.read(file));
                }
            }
        } else if (Files.isRegularFile(source)) {
            files.put(source.getFileName().toString(), RuleFiles.read(source));
        } else {
            throw new IllegalArgumentException(source + " is neither a file nor a folder");
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(source + " holds no rule file (.drl, .csv, .xls, .xlsx) or scenario (.yaml)");
        }
        return files;
    }
}
