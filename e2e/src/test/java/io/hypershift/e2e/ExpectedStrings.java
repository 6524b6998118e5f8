package io.hypershift.e2e;

import java.util.List;

/**
 * The exact strings of SPEC §7 for this suite's fixture, written out by hand from the registry names and the policies
 * the scenarios apply (SPEC §3: IDMS entries, then ICSP entries; §4: sources sorted, each repeated once per mirror in
 * priority order, {@code =} when empty; RO as sorted {@code k=v}), not computed by the code under test. {@code ${S}}
 * is the source registry ({@code 127.0.0.1:PORT}), {@code ${M}} the mirror registry.
 *
 * <p>What mirror.sh writes for a release at {@code ${S}/openshift-release-dev/ocp-release} with components in
 * {@code ${S}/openshift-release-dev/ocp-v4.0-art-dev}: the ICSP {@code release-0} with one entry per repository, and
 * the IDMS {@code idms-release-0} with one entry for the namespace {@code ${S}/openshift-release-dev}.
 */
final class ExpectedStrings {
    /** The operator's RO flag in these scenarios: the OLM catalogs' registry moved to the mirror. */
    static final String RO_TEMPLATE = "registry.redhat.io/redhat=${M}/redhat";

    /** The three strings: the CPO's argument, both Deployments' env value, the ignition-server's flag value. */
    record Strings(String controlPlaneOperatorArg, String imgOverridesEnv, String ignitionServerOverrides) {}

    /**
     * The IDMS {@code idms-release-0} in the states scenario 4 cycles through, each with its mirror-override string.
     * The ICSP entries (full repositories) sort after the IDMS namespace entry and never change.
     */
    enum IdmsState {
        ORIGINAL(List.of(entry("${S}/openshift-release-dev", "${M}/openshift-release-dev")),
                "${S}/openshift-release-dev=${M}/openshift-release-dev,"
                        + "${S}/openshift-release-dev/ocp-release=${M}/openshift-release-dev/ocp-release,"
                        + "${S}/openshift-release-dev/ocp-v4.0-art-dev=${M}/openshift-release-dev/ocp-v4.0-art-dev"),
        SECOND_MIRROR(List.of(entry("${S}/openshift-release-dev", "${M}/openshift-release-dev",
                "${M}/backup/openshift-release-dev")),
                "${S}/openshift-release-dev=${M}/openshift-release-dev,"
                        + "${S}/openshift-release-dev=${M}/backup/openshift-release-dev,"
                        + "${S}/openshift-release-dev/ocp-release=${M}/openshift-release-dev/ocp-release,"
                        + "${S}/openshift-release-dev/ocp-v4.0-art-dev=${M}/openshift-release-dev/ocp-v4.0-art-dev"),
        REORDERED(List.of(entry("${S}/openshift-release-dev", "${M}/backup/openshift-release-dev",
                "${M}/openshift-release-dev")),
                "${S}/openshift-release-dev=${M}/backup/openshift-release-dev,"
                        + "${S}/openshift-release-dev=${M}/openshift-release-dev,"
                        + "${S}/openshift-release-dev/ocp-release=${M}/openshift-release-dev/ocp-release,"
                        + "${S}/openshift-release-dev/ocp-v4.0-art-dev=${M}/openshift-release-dev/ocp-v4.0-art-dev"),
        EXTRA_SOURCE(List.of(entry("${S}/openshift-release-dev", "${M}/backup/openshift-release-dev",
                "${M}/openshift-release-dev"), entry("registry.redhat.io/openshift4", "${M}/openshift4")),
                "${S}/openshift-release-dev=${M}/backup/openshift-release-dev,"
                        + "${S}/openshift-release-dev=${M}/openshift-release-dev,"
                        + "${S}/openshift-release-dev/ocp-release=${M}/openshift-release-dev/ocp-release,"
                        + "${S}/openshift-release-dev/ocp-v4.0-art-dev=${M}/openshift-release-dev/ocp-v4.0-art-dev,"
                        + "registry.redhat.io/openshift4=${M}/openshift4");

        final List<List<String>> entries;
        final String mirrorOverrides;

        IdmsState(List<List<String>> entries, String mirrorOverrides) {
            this.entries = entries;
            this.mirrorOverrides = mirrorOverrides;
        }

        /** The order scenario 4 writes them in: each differs from the one before. */
        static final List<IdmsState> CYCLE = List.of(SECOND_MIRROR, REORDERED, EXTRA_SOURCE, ORIGINAL);
    }

    private final String source;
    private final String mirror;

    ExpectedStrings(String source, String mirror) {
        this.source = source;
        this.mirror = mirror;
    }

    /** {@code ${S}} and {@code ${M}} replaced. */
    String fill(String template) {
        return template.replace("${S}", source).replace("${M}", mirror);
    }

    String registryOverrides() {
        return fill(RO_TEMPLATE);
    }

    /** With the IDMS in {@code state} and the ICSP as mirror.sh wrote it. */
    Strings with(IdmsState state) {
        String mirrors = fill(state.mirrorOverrides);
        // RO after the mirrors, in the mirror format; registry.redhat.io/redhat sorts after every source above
        return new Strings("--registry-overrides=" + registryOverrides(), mirrors, mirrors + "," + registryOverrides());
    }

    /** No ICSP or IDMS left: the env is the literal {@code =}; the ignition-server's flag keeps RO only. */
    Strings withoutPolicies() {
        return new Strings("--registry-overrides=" + registryOverrides(), "=", registryOverrides());
    }

    /**
     * The nodes' {@code registries.conf} for {@code sourceAndMirror} pairs (templates), each source with its one mirror
     * for digest pulls, in the order given: the header and blocks as containers/image's format has them.
     */
    String registriesConf(List<List<String>> sourceAndMirror) {
        StringBuilder conf = new StringBuilder("""
                unqualified-search-registries = ["registry.access.redhat.com", "docker.io"]
                short-name-mode = ""
                """);
        for (List<String> e : sourceAndMirror) {
            conf.append("""

                    [[registry]]
                      prefix = ""
                      location = "%s"

                      [[registry.mirror]]
                        location = "%s"
                        pull-from-mirror = "digest-only"
                    """.formatted(fill(e.get(0)), fill(e.get(1))));
        }
        return conf.toString();
    }

    /** An IDMS entry: source, then mirrors in priority order (templates). */
    private static List<String> entry(String source, String... mirrors) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(source), java.util.stream.Stream.of(mirrors)).toList();
    }
}
