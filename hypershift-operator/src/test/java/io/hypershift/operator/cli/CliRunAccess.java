package io.hypershift.operator.cli;

import java.util.Map;

/** {@link CliRun} for tests in other packages: exit code and stderr. */
public final class CliRunAccess {
    private CliRunAccess() {}

    public static Map.Entry<Integer, String> run(String... args) {
        CliRun r = CliRun.of(args);
        return Map.entry(r.exitCode(), r.err());
    }
}
