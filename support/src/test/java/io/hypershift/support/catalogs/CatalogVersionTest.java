package io.hypershift.support.catalogs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogVersionTest {
    @ParameterizedTest(name = "When the release version is {0}, it should give {1}")
    @CsvSource({
            "4.17.0, v4.17",
            "4.19.2, v4.19",
            "4.18.0-rc.3, v4.18",
            "4.16.0-0.nightly-2024-05-01-111315, v4.16",
            "5.0.0-0.nightly-multi-2026-04-07-214955, v5.0",
            "4.15.1+build.7, v4.15",
            "' 4.14.3 ', v4.14"})
    void parses(String version, String tag) {
        assertThat(CatalogVersion.ofRelease(version).tag()).isEqualTo(tag);
    }

    @ParameterizedTest(name = "When the release version is \"{0}\", it should be rejected")
    @ValueSource(strings = {"", "4.17", "v4.17.0", "4.17.x", "latest", "04.17.0", "4.17.0-"})
    void rejects(String version) {
        assertThatThrownBy(() -> CatalogVersion.ofRelease(version))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid OpenShift release version format");
    }

    @ParameterizedTest(name = "When {0} is capped at 4.22, it should give {1}")
    @CsvSource({"4.17, 4.17", "4.22, 4.22", "4.23, 4.22", "5.0, 4.22", "3.11, 3.11"})
    void caps(String version, String capped) {
        String[] v = version.split("\\.");
        CatalogVersion cv = new CatalogVersion(Integer.parseInt(v[0]), Integer.parseInt(v[1]));
        assertThat(cv.cappedAt(CatalogDiscovery.DEFAULT_MAX_VERSION).toString()).isEqualTo(capped);
    }

    @org.junit.jupiter.api.Test
    @org.junit.jupiter.api.DisplayName("When at minor 0, it should have no previous minor version")
    void previous() {
        assertThat(new CatalogVersion(4, 1).previousMinor()).isEqualTo(new CatalogVersion(4, 0));
        assertThat(new CatalogVersion(4, 0).previousMinor()).isNull();
    }
}
