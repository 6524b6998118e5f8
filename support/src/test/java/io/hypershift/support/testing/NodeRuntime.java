package io.hypershift.support.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The closest thing here to a node's container runtime: Debian's {@code skopeo}, built on containers/image. It reads
 * only {@code /etc/containers/registries.conf}, so each run gets the file under test bind-mounted there in a private
 * mount namespace ({@code unshare -m}), with an empty {@code registries.conf.d}; nothing outside the process changes.
 * Its {@code --debug} lines give the pull order ({@code Trying to access}) and why each source failed.
 */
public final class NodeRuntime {
    private static final Pattern TRYING = Pattern.compile("msg=\"Trying to access \\\\\"(.+?)\\\\\"\"");
    private static final Pattern FAILED = Pattern.compile("msg=\"Accessing \\\\\"(.+?)\\\\\" failed: (.*)\"$");
    private static final Pattern FATAL = Pattern.compile("level=fatal msg=\"(.*)\"$");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The skopeo binary; {@code -Dnode.runtime.skopeo=NAME} picks another (a missing one shows the skip). */
    private static final String SKOPEO = System.getProperty("node.runtime.skopeo", "skopeo");
    private static volatile String unavailable;

    private NodeRuntime() {}

    /**
     * A test (or class) that runs skopeo in a private mount namespace. Where skopeo, {@code unshare -m} or a bind mount
     * is not available, it is skipped, reported as skipped with the reason; it never passes there.
     */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Condition.class)
    public @interface Required {}

    /** Runs {@link Required} tests only where {@link #unavailable()} is null. */
    public static final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String why = unavailable();
            return why == null ? ConditionEvaluationResult.enabled("skopeo runs in a private mount namespace")
                    : ConditionEvaluationResult.disabled("needs skopeo in a private mount namespace (unshare -m, mount "
                            + "--bind over /etc/containers/registries.conf): " + why);
        }
    }

    /** What skopeo did: every pull source it tried, in order, why each failed, and its fatal message (or null). */
    public record Trace(List<String> tried, Map<String, String> failures, String fatal, String log) {
        /** The sources refused because their registry is blocked. */
        public List<String> blocked() {
            return failures.entrySet().stream().filter(e -> e.getValue().contains(" is blocked in "))
                    .map(Map.Entry::getKey).toList();
        }

        /** The sources really contacted: tried and not refused as blocked. */
        public List<String> contacted() {
            List<String> blocked = blocked();
            return tried.stream().filter(t -> !blocked.contains(t)).toList();
        }
    }

    /** Why skopeo cannot run here with a registries.conf of ours, or null when it can. Probed once per JVM. */
    public static synchronized String unavailable() {
        if (unavailable == null) {
            try {
                Path conf = Files.createTempFile("probe", ".conf");
                try {
                    Files.writeString(conf, "unqualified-search-registries = []\n");
                    Result r = exec(conf, List.of("--version"));
                    unavailable = r.exit == 0 && r.out.startsWith("skopeo version") ? "" : "exit " + r.exit + ": "
                            + (r.out + r.err).strip();
                    if (unavailable.isEmpty()) {
                        System.err.println("NodeRuntime: " + r.out.strip() + " (containers/image), registries.conf "
                                + "bind-mounted in a private mount namespace");
                    }
                } finally {
                    Files.deleteIfExists(conf);
                }
            } catch (IOException | RuntimeException e) {
                unavailable = e.toString();
            }
        }
        return unavailable.isEmpty() ? null : unavailable;
    }

    /** {@code skopeo --debug inspect docker://IMAGE} with {@code conf} as the node's registries.conf. */
    public static Trace inspect(Path conf, String image, String... flags) {
        List<String> args = new ArrayList<>(List.of("--debug", "--command-timeout", "20s", "inspect", "--no-tags", "--retry-times", "0"));
        args.addAll(List.of(flags));
        args.add("docker://" + image);
        Result r = exec(conf, args);
        List<String> tried = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        String fatal = null;
        for (String line : r.err.split("\n")) {
            Matcher t = TRYING.matcher(line);
            Matcher f = FAILED.matcher(line);
            Matcher x = FATAL.matcher(line);
            if (t.find()) {
                tried.add(t.group(1));
            } else if (f.find()) {
                failures.put(f.group(1), f.group(2));
            } else if (x.find()) {
                fatal = x.group(1).replace("\\\"", "\"");
            }
        }
        return new Trace(tried, failures, fatal, r.err);
    }

    private record Result(int exit, String out, String err) {}

    private static Result exec(Path conf, List<String> skopeoArgs) {
        try {
            Path emptyDir = Files.createTempDirectory("registries.conf.d");
            Path errFile = Files.createTempFile("skopeo", ".err");
            Path outFile = Files.createTempFile("skopeo", ".out");
            try {
                List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "sh", "-c",
                        "skopeo=\"$3\" && mount --make-rprivate / && mount --bind \"$1\" /etc/containers/registries.conf"
                                + " && mount --bind \"$2\" /etc/containers/registries.conf.d && shift 3"
                                + " && exec \"$skopeo\" \"$@\"",
                        "sh", conf.toString(), emptyDir.toString(), SKOPEO));
                cmd.addAll(skopeoArgs);
                Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).redirectOutput(outFile.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("skopeo " + skopeoArgs + ": timed out after " + TIMEOUT);
                }
                return new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
            } finally {
                Files.deleteIfExists(errFile);
                Files.deleteIfExists(outFile);
                Files.deleteIfExists(emptyDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
