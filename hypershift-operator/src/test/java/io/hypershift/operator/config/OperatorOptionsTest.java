package io.hypershift.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypershift.operator.cli.CliRunAccess;
import io.hypershift.support.cli.UserInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorOptionsTest {
    static OperatorOptions.Flags flags(String metrics, List<String> ro) {
        return new OperatorOptions.Flags(null, " ", ro, metrics, null, true, "cpo:1", null);
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
        assertThat(OperatorOptions.address("--x", "127.0.0.1:0").getPort()).isZero();
        assertThat(OperatorOptions.address("--x", "[::1]:9000").getPort()).isEqualTo(9000);
        assertThat(OperatorOptions.address("--x", "0")).as("disabled").isNull();
        assertThatThrownBy(() -> OperatorOptions.address("--metrics-bind-address", "nonsense"))
                .isInstanceOf(UserInputException.class).hasMessage("--metrics-bind-address: \"nonsense\" is not [host]:port");
        assertThatThrownBy(() -> OperatorOptions.address("--x", ":99999")).hasMessageContaining("out of range");
    }

    @Test
    void whenRunIsGivenABadAddressItShouldExit2BeforeConnecting() {
        var run = CliRunAccess.run("run", "--metrics-bind-address", "nonsense");
        assertThat(run.getKey()).isEqualTo(2);
        assertThat(run.getValue().strip()).isEqualTo("hypershift-operator: error: --metrics-bind-address: \"nonsense\" is not [host]:port");
    }
}
