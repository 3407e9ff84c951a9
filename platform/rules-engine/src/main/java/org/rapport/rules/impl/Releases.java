package org.rapport.rules.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.rapport.rules.api.RuleProblem;

/** Naming and fingerprinting rule packages and their releases. */
final class Releases {

    private Releases() {
    }

    static void validatePackageName(String rulePackage) {
        if (rulePackage == null || !rulePackage.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("invalid rule package name '" + rulePackage
                    + "': use lower-case letters, digits and '-', starting with a letter");
        }
    }

    /** SHA-256 over the file names and contents, in name order, hex encoded. */
    static String hash(Map<String, String> sortedFiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : sortedFiles.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Problems one per line, for the log. */
    static String describe(List<RuleProblem> problems) {
        return problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n  "));
    }
}
