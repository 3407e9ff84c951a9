package org.rapport.service.impl.rest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The survey page's texts an administrator adds: a file per language in the folder
 * {@code etc/survey-texts} of the Karaf home, named by its language tag ({@code sv.properties},
 * {@code pt-br.properties}), a line {@code key = text} for each of {@link SurveyTexts#KEYS}, UTF-8,
 * lines starting with {@code #} and blank lines ignored; files of other names are passed over. Only
 * regular files directly in the folder are read (not a symbolic link, nor anything under a subfolder), at most {@value #MAX_FILES} of at
 * most {@value #MAX_BYTES} bytes each, a text at most {@value #MAX_TEXT} characters without control
 * characters. A file at fault is not taken and each fault is named at its file and line
 * ({@code sv.properties:3: ...}); the other languages are.
 */
final class SurveyTextFiles {

    static final int MAX_FILES = 100;
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_TEXT = 500;
    private static final String SUFFIX = ".properties";
    /** A language tag in lower case: a primary language, then up to two subtags ({@code pt-br}, {@code zh-hant-tw}). */
    private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}");

    /** The languages read and what was wrong with the files not taken, each naming its file (and line). */
    record Read(Map<String, List<String>> languages, List<String> problems) {
    }

    private SurveyTextFiles() {
    }

    /** The folder as shipped: {@code survey-texts} in Karaf's {@code etc}. */
    static Path etcFolder() {
        String etc = System.getProperty("karaf.etc");
        return etc != null ? Paths.get(etc, "survey-texts") : Paths.get(System.getProperty("karaf.home", "."), "etc",
                "survey-texts");
    }

    /** Reads the folder; a folder that is not there adds no language. */
    static Read read(Path folder) {
        Map<String, List<String>> languages = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(folder + ": is not a folder (a symbolic link is not followed)");
            }
            return new Read(languages, problems);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                files.add(entry);
            }
        } catch (IOException e) {
            problems.add(folder + ": could not be listed: " + e.getMessage());
            return new Read(languages, problems);
        }
        files.sort(null);
        int taken = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.endsWith(SUFFIX)) {
                continue; // a note beside the files (the README shipped there), an editor's backup
            }
            String tag = name.substring(0, name.length() - SUFFIX.length());
            if (!TAG.matcher(tag).matches()) {
                problems.add(name + ": is not named <language tag>.properties in lower case (sv.properties, pt-br.properties)");
            } else if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(name + ": is not a regular file (a symbolic link or a folder is not read)");
            } else if (++taken > MAX_FILES) {
                problems.add(name + ": more than " + MAX_FILES + " languages; not read");
            } else {
                List<String> faults = new ArrayList<>();
                List<String> texts = texts(file, name, faults);
                if (faults.isEmpty()) {
                    languages.put(tag, texts);
                } else {
                    problems.addAll(faults);
                }
            }
        }
        return new Read(languages, problems);
    }

    /** One file's texts in the order of {@link SurveyTexts#KEYS}; its faults, at their lines, in {@code faults}. */
    private static List<String> texts(Path file, String name, List<String> faults) {
        String content;
        try {
            if (Files.size(file) > MAX_BYTES) {
                faults.add(name + ": is larger than " + MAX_BYTES + " bytes");
                return List.of();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > MAX_BYTES) {
                faults.add(name + ": is larger than " + MAX_BYTES + " bytes");
                return List.of();
            }
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            faults.add(name + ": is not UTF-8");
            return List.of();
        } catch (IOException e) {
            faults.add(name + ": could not be read: " + e.getMessage());
            return List.of();
        }
        Map<String, String> found = new HashMap<>();
        String[] lines = content.split("\r\n|\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String at = name + ":" + (i + 1) + ": ";
            String line = lines[i].strip();
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip();
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String text = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (eq < 0) {
                faults.add(at + "is not key = text");
            } else if (!SurveyTexts.KEYS.contains(key)) {
                faults.add(at + "'" + shown(key) + "' is not a text of the survey page; one of " + String.join(", ", SurveyTexts.KEYS));
            } else if (found.containsKey(key)) {
                faults.add(at + key + " is given a second time");
            } else if (text.isEmpty() || text.length() > MAX_TEXT) {
                faults.add(at + key + " has " + text.length() + " characters; 1 to " + MAX_TEXT);
            } else if (text.chars().anyMatch(Character::isISOControl)) {
                faults.add(at + key + " holds a control character");
            } else {
                found.put(key, text);
            }
        }
        List<String> missing = SurveyTexts.KEYS.stream().filter(k -> !found.containsKey(k)).toList();
        if (!missing.isEmpty() && faults.isEmpty()) {
            faults.add(name + ": lacks " + String.join(", ", missing));
        }
        return SurveyTexts.KEYS.stream().map(found::get).toList();
    }

    /** A key as it can be shown in a log line: its first 40 characters, control characters as '?'. */
    private static String shown(String key) {
        char[] chars = key.substring(0, Math.min(40, key.length())).toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isISOControl(chars[i])) {
                chars[i] = '?';
            }
        }
        return new String(chars) + (key.length() > 40 ? "..." : "");
    }
}
