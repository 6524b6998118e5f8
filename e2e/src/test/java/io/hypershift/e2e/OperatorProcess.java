package io.hypershift.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypershift.support.testing.Processes;
import io.hypershift.testing.kube.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hypershift-operator as its own process: the shipped image's Java runtime ({@link #imageJava()}) with its JVM
 * flags (read from the image tar's entrypoint, so that a change to the image's flags is what is measured) and the
 * jar's classpath, running
 * {@code run} against a kubeconfig file. Its memory and CPU come from {@code /proc}, its heap from {@code jstat}, its
 * reconciles from its own {@code /metrics}. Stopped (and, by the watchdog, never left behind) on {@link #close()}.
 */
final class OperatorProcess implements AutoCloseable {
    private static final Pattern RECONCILES = Pattern.compile(
            "(?m)^operator_sdk_reconciliations_started_total\\{[^}]*\\}\\s+([0-9.eE+]+)");
    private static final long CLOCK_TICKS = 100;

    private final String name;
    private final ManagedProcess process;
    private final long javaPid;
    private final int metricsPort;
    private final int healthPort;
    private final long startedNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private OperatorProcess(String name, ManagedProcess process, int metricsPort, int healthPort, long startedNanos) {
        this.name = name;
        this.process = process;
        this.javaPid = process.commandPid();
        this.metricsPort = metricsPort;
        this.healthPort = healthPort;
        this.startedNanos = startedNanos;
    }

    /**
     * The shipped image's JVM flags: its entrypoint is {@code java <flags> -cp ... <main>}; these are the flags. The
     * image tar is built by every {@code package}.
     */
    static List<String> imageJvmFlags() throws IOException {
        Path tar = ImageGate.tar("hypershift-operator");
        ImageGate.require(Files.isRegularFile(tar), tar + " is missing: the build makes it in the package phase "
                + "(./mvnw verify without -Djib.skip=true); its JVM flags are what the harness runs with");
        JsonNode manifest = member(tar, "manifest.json");
        String configName = manifest.get(0).get("Config").asText();
        JsonNode config = member(tar, configName);
        List<String> flags = new ArrayList<>();
        JsonNode entrypoint = config.path("config").path("Entrypoint");
        for (int i = 1; i < entrypoint.size(); i++) {
            String arg = entrypoint.get(i).asText();
            if (arg.equals("-cp") || arg.equals("-classpath") || !arg.startsWith("-")) {
                break;
            }
            flags.add(arg);
        }
        return flags;
    }

    /** A JSON member of an image tar ({@code manifest.json}, the config it names). */
    private static JsonNode member(Path tar, String name) throws IOException {
        return new ObjectMapper().readTree(Processes.run(List.of("tar", "-xOf", tar.toString(), name),
                Duration.ofSeconds(30)));
    }

    /**
     * The shipped images' own Java runtime (the jlink runtime of {@code hack/base-image.sh}), taken out of the base
     * image tar once into {@code target/image-runtime/}: the harness measures the JVM the images run, not the
     * build's JDK. It links against the build machine's libraries, as the image carries those same ones.
     */
    static Path imageJava() throws IOException {
        Path tar = Path.of("..", "target", "images", "base-java17.tar").toAbsolutePath().normalize();
        ImageGate.require(Files.isRegularFile(tar), tar + " is missing: the build makes it (hack/base-image.sh) in the "
                + "package phase of a module that ships an image");
        Path dir = Path.of("target", "image-runtime").toAbsolutePath();
        Path java = dir.resolve("opt/java/openjdk/bin/java");
        Path stamp = dir.resolve("source");
        String source = tar + " " + Files.size(tar) + " " + Files.getLastModifiedTime(tar).toMillis();
        if (Files.isExecutable(java) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(source)) {
            return java;
        }
        Processes.run(List.of("rm", "-rf", dir.toString()), Duration.ofSeconds(60));
        Files.createDirectories(dir);
        JsonNode manifest = member(tar, "manifest.json");
        for (JsonNode layer : manifest.get(0).get("Layers")) {
            Processes.run(List.of("bash", "-c", "set -o pipefail; tar -xOf \"$1\" \"$2\" | tar -x -C \"$3\" "
                    + "--wildcards './opt/java/*'", "extract", tar.toString(), layer.asText(), dir.toString()),
                    Duration.ofMinutes(2));
        }
        if (!Files.isExecutable(java)) {
            throw new IOException("no " + java + " in " + tar);
        }
        Files.writeString(stamp, source);
        return java;
    }

    /**
     * The flag that makes a JVM size itself as it does in a container with this memory limit: a container's JVM
     * takes the limit as its physical memory ({@code -XX:MaxRAM}), and MaxRAMPercentage applies to that.
     */
    static String containerMemory(String limit) {
        return "-XX:MaxRAM=" + io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                new io.fabric8.kubernetes.api.model.Quantity(limit)).longValueExact();
    }

    /**
     * Starts {@code run --kubeconfig kubeconfig} with {@code args}, metrics and probes on free loopback ports, its
     * log in {@code dir/<name>.log}.
     */
    static OperatorProcess start(String name, Path dir, Path kubeconfig, List<String> jvmFlags, List<String> args,
            java.util.Map<String, String> env) throws IOException {
        Path jar = Path.of("..", "hypershift-operator", "target", "hypershift-operator.jar").toAbsolutePath()
                .normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: ./mvnw package builds it");
        }
        int metrics = freePort();
        int health = freePort();
        List<String> cmd = new ArrayList<>(List.of(imageJava().toString()));
        // a flag may name a file per process, for example a flight recording: {name} becomes this process's name
        jvmFlags.forEach(f -> cmd.add(f.replace("{name}", name)));
        cmd.addAll(List.of("-jar", jar.toString(), "run", "--kubeconfig", kubeconfig.toString(),
                "--metrics-bind-address", "127.0.0.1:" + metrics, "--health-probe-bind-address", "127.0.0.1:" + health));
        cmd.addAll(args);
        long t0 = System.nanoTime();
        ManagedProcess p = ManagedProcess.start(name, cmd, env, dir.resolve(name + ".log"));
        return new OperatorProcess(name, p, metrics, health, t0);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Its name, which is also its leader-election identity ({@code POD_NAME}) where the caller sets it so. */
    String name() {
        return name;
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown hook, no lease release. */
    void kill9() {
        process.killCommand();
    }

    /** Resident set size, from {@code /proc/<pid>/status}, in MiB. */
    double rssMiB() throws IOException {
        return process.statusKiB("VmRSS:") / 1024.0;
    }

    /** User plus system CPU time so far, from {@code /proc/<pid>/stat}, in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(javaPid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ", field 3 (state) is f[0]; utime and stime are fields 14 and 15
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
    }

    /** The heap in use just after a full collection ({@code jcmd GC.run}, then {@code jstat -gc}), in MiB. */
    double heapAfterFullGcMiB() throws IOException {
        String pid = Long.toString(javaPid);
        Processes.run(List.of(jdkTool("jcmd"), pid, "GC.run"), Duration.ofSeconds(60));
        String[] lines = Processes.run(List.of(jdkTool("jstat"), "-gc", pid), Duration.ofSeconds(30)).strip().split("\n");
        String[] head = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double kib = 0;
        for (int i = 0; i < head.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(head[i])) {
                kib += Double.parseDouble(values[i]);
            }
        }
        return kib / 1024.0;
    }

    /** A tool of the JDK that runs the tests ({@code jcmd}, {@code jstat}), whatever is on the PATH. */
    private static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** {@code jcmd VM.native_memory summary}: where the RSS goes (needs {@code -XX:NativeMemoryTracking=summary}). */
    String nativeMemorySummary() {
        return Processes.run(List.of(jdkTool("jcmd"), Long.toString(javaPid), "VM.native_memory", "summary"),
                Duration.ofSeconds(60));
    }

    /** The JOSDK's count of reconciles started, from the operator's {@code /metrics}; empty while it does not answer. */
    Optional<Double> reconcilesStarted() {
        return get(metricsPort, "/metrics").map(body -> {
            Matcher m = RECONCILES.matcher(body);
            double sum = 0;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
            }
            return sum;
        });
    }

    /** Whether {@code /readyz} answers 200. */
    boolean ready() {
        return get(healthPort, "/readyz").isPresent();
    }

    private Optional<String> get(int port, String path) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The last lines of its log, for a failure message. */
    String diagnostics() {
        return process.diagnostics();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
    }
}
