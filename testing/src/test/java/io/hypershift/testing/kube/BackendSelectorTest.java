package io.hypershift.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackendSelectorTest {

    /** A machine with the given backends installed; records what was probed. */
    private static final class FakeProbe implements BackendSelector.Probe {
        final boolean k3s;
        final boolean apiserver;
        final boolean kubeconfig;
        final List<String> probed = new ArrayList<>();

        FakeProbe(boolean k3s, boolean apiserver, boolean kubeconfig) {
            this.k3s = k3s;
            this.apiserver = apiserver;
            this.kubeconfig = kubeconfig;
        }

        @Override
        public Availability k3s(String image) {
            probed.add("k3s " + image);
            return k3s ? Availability.yes("image present") : Availability.no("no Docker engine");
        }

        @Override
        public Availability apiserver() {
            probed.add("apiserver");
            return apiserver ? Availability.yes("kube-apiserver v1.34.3") : Availability.no("no kube-apiserver in DIR");
        }

        @Override
        public Availability kubeconfig(Path file) {
            probed.add("kubeconfig " + file);
            return kubeconfig ? Availability.yes("kubeconfig " + file) : Availability.no(file + " is not readable");
        }
    }

    private static KubeSettings settings(String backend, String kubeconfig) {
        Properties p = new Properties();
        p.setProperty("e2e.backend", backend);
        if (kubeconfig != null) {
            p.setProperty("e2e.kubeconfig", kubeconfig);
        }
        return KubeSettings.from(p, Map.of());
    }

    static Stream<Arguments> cases() {
        // name, -De2e.backend, kubeconfig, pinned, installed k3s/apiserver/kubeconfig, expected outcome, backend
        return Stream.of(
                Arguments.of("When auto and both are present, it should use the cheaper apiserver",
                        "auto", null, null, true, true, false, Selection.Outcome.RUN, Backend.APISERVER),
                Arguments.of("When auto and the apiserver binaries cannot be had, it should use k3s",
                        "auto", null, null, true, false, false, Selection.Outcome.RUN, Backend.K3S),
                Arguments.of("When auto and k3s is absent, it should use apiserver",
                        "auto", null, null, false, true, false, Selection.Outcome.RUN, Backend.APISERVER),
                Arguments.of("When auto has neither k3s nor binaries, it should fail rather than use the mock",
                        "auto", null, null, false, false, false, Selection.Outcome.FAIL, null),
                Arguments.of("When apiserver is asked for and the binaries are missing, it should fail",
                        "apiserver", null, null, true, false, false, Selection.Outcome.FAIL, null),
                Arguments.of("When k3s is asked for explicitly and absent, it should fail, not skip",
                        "k3s", null, null, false, true, false, Selection.Outcome.FAIL, null),
                Arguments.of("When mock is asked for, it should use the mock even where k3s is present",
                        "mock", null, null, true, true, false, Selection.Outcome.RUN, Backend.MOCK),
                Arguments.of("When auto and a kubeconfig is given, it should use that cluster",
                        "auto", "/tmp/kc", null, true, true, true, Selection.Outcome.RUN, Backend.KUBECONFIG),
                Arguments.of("When auto and the kubeconfig is unreadable, it should fail, not fall back",
                        "auto", "/tmp/kc", null, true, true, false, Selection.Outcome.FAIL, null),
                Arguments.of("When a class pins the mock, it should use the mock whatever -De2e.backend says",
                        "apiserver", null, Backend.MOCK, false, true, false, Selection.Outcome.RUN, Backend.MOCK),
                Arguments.of("When a class pins k3s under auto and k3s is absent, it should skip its tests",
                        "auto", null, Backend.K3S, false, true, false, Selection.Outcome.SKIP, null),
                Arguments.of("When a class pins k3s and -De2e.backend=k3s is explicit, absence should fail",
                        "k3s", null, Backend.K3S, false, true, false, Selection.Outcome.FAIL, null),
                Arguments.of("When a class pins apiserver and the binaries are missing, it should fail",
                        "auto", null, Backend.APISERVER, true, false, false, Selection.Outcome.FAIL, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selects(String name, String backend, String kubeconfig, Backend pinned, boolean k3s,
            boolean apiserver, boolean kc, Selection.Outcome outcome, Backend expected) {
        Selection s = new BackendSelector(settings(backend, kubeconfig), new FakeProbe(k3s, apiserver, kc))
                .select(Optional.ofNullable(pinned));
        assertThat(s.outcome()).as(s.reason()).isEqualTo(outcome);
        assertThat(s.backend()).isEqualTo(Optional.ofNullable(expected));
        assertThat(s.reason()).isNotBlank();
    }

    @Test
    void whenAutoFindsNoRealApiServerItShouldSayWhyEachWasPassedOverAndHowToAskForTheMock() {
        Selection s = new BackendSelector(settings("auto", null), new FakeProbe(false, false, false))
                .select(Optional.empty());
        assertThat(s.reason()).contains("k3s unavailable (no Docker engine)")
                .contains("apiserver unavailable (no kube-apiserver in DIR)").contains("hack/kube-apiserver.sh")
                .contains("-De2e.backend=mock");
    }

    @Test
    void whenAClassNeedsNothingBeyondTheApiserverAutoShouldTakeTheApiserverEvenWhereK3sRuns() {
        FakeProbe probe = new FakeProbe(true, true, false);
        Selection s = new BackendSelector(settings("auto", null), probe)
                .select(Optional.empty(), EnumSet.of(Capability.SERVER_SIDE_APPLY, Capability.RBAC));
        assertThat(s.backend()).hasValue(Backend.APISERVER);
        assertThat(probe.probed).as("k3s is not even probed (probing may build the node image)").containsExactly("apiserver");
    }

    @Test
    void whenAClassNeedsControllersAutoShouldTakeK3s() {
        Selection s = new BackendSelector(settings("auto", null), new FakeProbe(true, true, false))
                .select(Optional.empty(), EnumSet.of(Capability.CONTROLLERS));
        assertThat(s.backend()).hasValue(Backend.K3S);
        assertThat(s.reason()).contains("CONTROLLERS");
    }

    @Test
    void whenAClassNeedsControllersAndK3sIsAbsentAutoShouldTakeTheApiserverSoThoseTestsAreSkipped() {
        Selection s = new BackendSelector(settings("auto", null), new FakeProbe(false, true, false))
                .select(Optional.empty(), EnumSet.of(Capability.CONTROLLERS));
        assertThat(s.backend()).hasValue(Backend.APISERVER);
        assertThat(s.reason()).contains("k3s unavailable (no Docker engine)");
        assertThat(s.skipReason(EnumSet.of(Capability.CONTROLLERS))).hasValueSatisfying(
                r -> assertThat(r).contains("CONTROLLERS"));
    }

    @Test
    void whenAClassDeclaresCapabilitiesOnMethodsAndNestedClassesTheyShouldAllCount() {
        assertThat(KubeExtension.declared(Declaring.class))
                .containsExactlyInAnyOrder(Capability.DISCOVERY, Capability.CONTROLLERS, Capability.RBAC);
    }

    @RequiresCapability(Capability.DISCOVERY)
    static class Declaring {
        @RequiresCapability(Capability.CONTROLLERS)
        void deletes() { }

        static class Inner {
            @RequiresCapability(Capability.RBAC)
            void impersonates() { }
        }
    }

    @Test
    void whenTheCiVariableIsSetOrNotItShouldChangeNothing() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("CI", "true"), Map.of("CI", "false"))) {
            Properties p = new Properties();
            Selection s = new BackendSelector(KubeSettings.from(p, env), new FakeProbe(false, false, false))
                    .select(Optional.empty());
            assertThat(s.outcome()).as("env " + env).isEqualTo(Selection.Outcome.FAIL);
        }
    }

    @Test
    void whenMockIsChosenItShouldNotProbeDockerOrTheBinaries() {
        FakeProbe probe = new FakeProbe(true, true, false);
        new BackendSelector(settings("mock", null), probe).select(Optional.empty());
        assertThat(probe.probed).isEmpty();
    }

    @Test
    void whenATestNeedsServerSideApplyOnTheMockItShouldBeSkippedWithTheReason() {
        Selection mock = Selection.run(Backend.MOCK, "-De2e.backend=mock");
        assertThat(mock.skipReason(EnumSet.of(Capability.SERVER_SIDE_APPLY)))
                .hasValueSatisfying(r -> assertThat(r).contains("SERVER_SIDE_APPLY").contains("mock"));
        assertThat(Selection.run(Backend.APISERVER, "auto").skipReason(EnumSet.of(Capability.SERVER_SIDE_APPLY,
                Capability.SCHEMA_VALIDATION))).isEmpty();
        assertThat(Selection.run(Backend.APISERVER, "auto").skipReason(EnumSet.of(Capability.CONTROLLERS)))
                .isPresent();
        assertThat(Selection.fail("x").skipReason(EnumSet.of(Capability.CONTROLLERS)))
                .as("a failure is never turned into a skip").isEmpty();
    }

    @Test
    void whenProvisioningIsTurnedOffItShouldBeOffAndOtherwiseOn() {
        assertThat(KubeSettings.from(new Properties(), Map.of()).provision()).isTrue();
        Properties p = new Properties();
        p.setProperty("e2e.kube.provision", "false");
        assertThat(KubeSettings.from(p, Map.of()).provision()).isFalse();
    }

    @Test
    void whenTheBackendIsUnknownItShouldSayWhichAreValid() {
        Properties p = new Properties();
        p.setProperty("e2e.backend", "kind");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KubeSettings.from(p, Map.of()))
                .hasMessageContaining("auto, k3s, apiserver, mock or kubeconfig");
    }

    @ParameterizedTest(name = "When the test method is {0}, its namespace should be a short DNS label")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"x", "whenAVeryLongTestMethodNameIsUsedItShouldStillFitInto63Chars",
            "when__Odd_Characters$AreUsed", "URLHandling"})
    void namespacesAreShortDnsLabels(String method) {
        String ns = KubeExtension.namespaceFor(method);
        assertThat(ns).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").startsWith("t-").hasSizeLessThanOrEqualTo(32);
        assertThat((ns + "-" + "a-hosted-cluster-name").length()).as("room for <ns>-<hosted cluster>").isLessThanOrEqualTo(63);
        assertThat(KubeExtension.namespaceFor(method)).as("random suffix").isNotEqualTo(ns);
    }

    @Test
    void whenEtcdPrintsItsVersionItShouldBeParsed() {
        assertThat(ApiServerBinaries.etcdVersion("etcd Version: 3.6.5\nGit SHA: Not provided\n")).isEqualTo("3.6.5");
        assertThat(ApiServerBinaries.etcdVersion("garbage")).isEqualTo("unknown");
    }
}
