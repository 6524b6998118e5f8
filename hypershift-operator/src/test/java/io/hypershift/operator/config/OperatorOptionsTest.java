package io.hypershift.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.operator.cli.CliRunAccess;
import io.hypershift.support.cli.UserInputException;
import io.hypershift.support.testing.TestCertificates;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorOptionsTest {
    static OperatorOptions.Flags flags(String metrics, List<String> ro) {
        return new OperatorOptions.Flags(null, " ", ro, metrics, null, true, "cpo:1", null, null, List.of());
    }

    @Test
    void whenBuiltFromFlagsAndEnvItShouldTakeTheLeaseNamespaceAndIdentityFromTheDownwardApi() {
        OperatorOptions o = OperatorOptions.build(flags(null, List.of("quay.io=m.local", "junk")),
                Map.of("POD_NAMESPACE", "hypershift-system", "POD_NAME", "ho-1", "HOSTNAME", "h"));
        assertThat(o.namespace()).as("blank means all namespaces").isNull();
        assertThat(o.leaseNamespace()).isEqualTo("hypershift-system");
        assertThat(o.identity()).isEqualTo("ho-1");
        assertThat(o.metricsAddress().getPort()).isEqualTo(8080);
        assertThat(o.healthAddress().getPort()).isEqualTo(8081);
        assertThat(o.registryOverrides().format()).isEqualTo("quay.io=m.local");
        assertThat(o.warnings()).singleElement().asString().contains("junk");
        assertThat(o.components().controlPlaneOperatorImage()).isEqualTo("cpo:1");
        assertThat(o.components().ignitionServerImage()).isNull();
        assertThat(OperatorOptions.build(flags(null, List.of()), Map.of()).leaseNamespace()).isEqualTo("hypershift");
    }

    @Test
    void whenAnAddressIsGivenItShouldAcceptHostPortAndZeroAndRejectTheRest() {
        assertThat(OperatorOptions.build(flags("127.0.0.1:0", List.of()), Map.of()).metricsAddress().getPort()).isZero();
        assertThat(OperatorOptions.build(flags("[::1]:9000", List.of()), Map.of()).metricsAddress().getPort()).isEqualTo(9000);
        assertThat(OperatorOptions.build(flags("0", List.of()), Map.of()).metricsAddress()).as("disabled").isNull();
        assertThatThrownBy(() -> OperatorOptions.build(flags("nonsense", List.of()), Map.of()))
                .isInstanceOf(UserInputException.class)
                .hasMessage("--metrics-bind-address: \"nonsense\" is not [host]:port (or 0 to disable)");
        assertThatThrownBy(() -> OperatorOptions.build(flags(":99999", List.of()), Map.of())).hasMessageContaining("out of range");
    }

    @Test
    void whenRegistryAccessFlagsAreGivenTheReleaseLookupsShouldUseThem(@TempDir Path dir) throws Exception {
        OperatorOptions none = OperatorOptions.build(flags(null, List.of()), Map.of());
        assertThat(none.registryClient().caBundle()).isNull();
        assertThat(none.registryClient().insecureHosts()).isEmpty();

        Path ca = TestCertificates.selfSignedCa(dir, "registry-ca");
        OperatorOptions o = OperatorOptions.build(new OperatorOptions.Flags(null, null, List.of(), null, null, false, null,
                null, ca, List.of("mirror.local:5000", "other.local")), Map.of());
        assertThat(o.registryClient().caBundle()).isEqualTo(ca);
        assertThat(o.registryClient().insecureHosts()).containsExactlyInAnyOrder("mirror.local:5000", "other.local");

        var run = CliRunAccess.run("run", "--registry-ca-file", dir.resolve("missing.pem").toString());
        assertThat(run.getKey()).isEqualTo(2);
        assertThat(run.getValue().strip()).isEqualTo("hypershift-operator: error: --registry-ca-file "
                + dir.resolve("missing.pem") + ": no such file");
    }

    @Test
    void whenRunIsGivenABadAddressItShouldExit2BeforeConnecting() {
        var run = CliRunAccess.run("run", "--metrics-bind-address", "nonsense");
        assertThat(run.getKey()).isEqualTo(2);
        assertThat(run.getValue().strip())
                .isEqualTo("hypershift-operator: error: --metrics-bind-address: \"nonsense\" is not [host]:port (or 0 to disable)");
    }
}
