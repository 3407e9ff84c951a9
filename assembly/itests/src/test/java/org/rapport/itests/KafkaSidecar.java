package org.rapport.itests;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The test's Kafka broker, started by a test in the container as a JVM of its own
 * ({@link KafkaBrokerProcess}, Kafka's jars on its class path), and what the test sends to and
 * reads from it. No Kafka class is loaded here: requests and answers are lines over the process's
 * standard input and output. Closing stops the broker; so does the container's JVM ending (the
 * broker's standard input closes).
 */
final class KafkaSidecar implements AutoCloseable {

    /** The system property that carries the broker's class path into the container. */
    static final String CLASSPATH = "rapport.itest.kafka.classpath";
    /** The broker's jars, one class path, as the itests pom writes them (maven-dependency-plugin). */
    private static final File JARS = new File("target/kafka-broker.classpath");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_SECONDS = 120;
    private static final long ANSWER_SECONDS = 45;

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> answers = new ArrayBlockingQueue<>(16);
    private final String bootstrapServers;

    private KafkaSidecar(Process process, File log) {
        this.process = process;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(KafkaBrokerProcess.ANSWER)) {
                        answers.put(line.substring(KafkaBrokerProcess.ANSWER.length()));
                    }
                }
            } catch (IOException ended) {
                // The broker's JVM has gone: said below.
            } catch (InterruptedException e) {
                return;
            }
            answers.offer("error the broker's JVM ended");
        }, "kafka-itest-answers");
        reader.setDaemon(true);
        reader.start();
        String ready = next(START_SECONDS, log);
        if (!ready.startsWith("ready ")) {
            close();
            throw new AssertionError("the test's Kafka broker did not start: " + ready + "; its log: " + log);
        }
        this.bootstrapServers = ready.substring("ready ".length());
    }

    /**
     * In the JVM that drives the suite (its folder the module's): the broker's class path, the test
     * classes and the jars the pom wrote; empty when the pom has not written them.
     */
    static String classpath() {
        if (!JARS.isFile()) {
            return "";
        }
        try {
            return new File("target/test-classes").getAbsolutePath() + File.pathSeparator
                    + java.nio.file.Files.readString(JARS.toPath(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("the Kafka broker's class path could not be read from " + JARS, e);
        }
    }

    /** Starts a broker with these topics (two partitions each) and waits until it serves them. */
    static KafkaSidecar start(String... topics) {
        String classpath = System.getProperty(CLASSPATH, "");
        if (classpath.isEmpty()) {
            throw new AssertionError("no class path for the test's Kafka broker in the system property " + CLASSPATH
                    + ": the itests pom writes it to target/" + JARS.getName() + " (maven-dependency-plugin, "
                    + "pre-integration-test)");
        }
        File log = new File(System.getProperty("karaf.data", "."), "log/kafka-itest-broker.log").getAbsoluteFile();
        log.getParentFile().mkdirs();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, KafkaBrokerProcess.class.getName()));
        command.addAll(List.of(topics));
        try {
            Process process = new ProcessBuilder(command).redirectError(log).start();
            return new KafkaSidecar(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("the test's Kafka broker could not be started: " + command, e);
        }
    }

    /** The broker's {@code host:port}. */
    String bootstrapServers() {
        return bootstrapServers;
    }

    /** Writes a record (its value one line) and waits until the broker acknowledged it. */
    void send(String topic, String key, String value) {
        if (value.contains("\n") || key.contains(" ")) {
            throw new IllegalArgumentException("a value of one line and a key without spaces: " + key + " " + value);
        }
        String answer = request("send " + topic + " " + key + " " + value);
        if (!answer.startsWith("sent ")) {
            throw new AssertionError("not written to " + topic + ": " + answer);
        }
    }

    /**
     * The records on {@code topic} with this key, read from its start until {@code count} were seen
     * (at most 30 s) and half a second more: each with key, value, partition, offset and headers.
     */
    JsonNode read(String topic, String key, int count) {
        return read(topic, key, count, "");
    }

    /** As {@link #read(String, String, int)}, until {@code count} of them have {@code text} in their value. */
    JsonNode read(String topic, String key, int count, String text) {
        String answer = request("read " + topic + " " + key + " " + count + (text.isEmpty() ? "" : " " + text));
        if (!answer.startsWith("records ")) {
            throw new AssertionError("not read from " + topic + ": " + answer);
        }
        try {
            return JSON.readTree(answer.substring("records ".length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized String request(String line) {
        try {
            requests.write(line + "\n");
            requests.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the test's Kafka broker is gone", e);
        }
        return next(ANSWER_SECONDS, null);
    }

    private String next(long seconds, File log) {
        try {
            String answer = answers.poll(seconds, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("the test's Kafka broker did not answer within " + seconds + " s (alive: "
                        + process.isAlive() + ")" + (log == null ? "" : "; its log: " + log));
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the test's Kafka broker", e);
        }
    }

    /** Stops the broker: its standard input closed, its JVM ends; killed if it has not after 20 s. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException alreadyGone) {
            // The process ended on its own.
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
