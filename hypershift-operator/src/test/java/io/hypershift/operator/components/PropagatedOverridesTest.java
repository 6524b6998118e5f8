package io.hypershift.operator.components;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypershift.api.ControlPlaneContract;
import io.hypershift.support.registryoverride.MirrorOverrides;
import io.hypershift.support.registryoverride.RegistryOverrides;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropagatedOverridesTest {

    @Test
    void whenEverythingIsEmptyItShouldWriteTheLiteralEqualsEverywhere() {
        PropagatedOverrides p = PropagatedOverrides.of(MirrorOverrides.empty(), RegistryOverrides.empty());
        assertThat(p).isEqualTo(new PropagatedOverrides("=", "=", "=", 0));
        assertThat(p.controlPlaneOperatorArg()).isEqualTo("--registry-overrides==");
        assertThat(p.oversized()).isEmpty();
    }

    @Test
    void whenThereAreMirrorsAndROTheIgnitionValueShouldHoldTheMirrorsThenRO() {
        MirrorOverrides m = MirrorOverrides.of(Map.of("registry1", List.of("mirror1.1", "mirror1.2"), "registry2", List.of("mirror2.1")));
        RegistryOverrides ro = RegistryOverrides.of(Map.of("registry1", "ro1", "zz", "ro2"));
        PropagatedOverrides p = PropagatedOverrides.of(m, ro);
        assertThat(p.mirrorOverrides()).isEqualTo("registry1=mirror1.1,registry1=mirror1.2,registry2=mirror2.1");
        assertThat(p.registryOverrides()).isEqualTo("registry1=ro1,zz=ro2");
        assertThat(p.ignitionOverrides()).isEqualTo("registry1=mirror1.1,registry1=mirror1.2,registry1=ro1,registry2=mirror2.1,zz=ro2");
        assertThat(p.sources()).isEqualTo(2);
    }

    @Test
    void whenAStringReachesMaxArgStrlenItShouldBeReportedAndOneByteLessShouldNot() {
        // env entry "OPENSHIFT_IMG_OVERRIDES=" + value + NUL must stay within 128 KiB
        int room = ControlPlaneContract.MAX_ARG_STRLEN - 1 - "OPENSHIFT_IMG_OVERRIDES=".length() - "s=".length();
        PropagatedOverrides fits = PropagatedOverrides.of(MirrorOverrides.of(Map.of("s", List.of("m".repeat(room)))), RegistryOverrides.empty());
        assertThat(fits.oversized()).filteredOn(s -> s.startsWith("env")).isEmpty();
        PropagatedOverrides over = PropagatedOverrides.of(MirrorOverrides.of(Map.of("s", List.of("m".repeat(room + 1)))), RegistryOverrides.empty());
        assertThat(over.oversized()).anySatisfy(s -> assertThat(s).startsWith("env OPENSHIFT_IMG_OVERRIDES is 131072 bytes"));
    }
}
