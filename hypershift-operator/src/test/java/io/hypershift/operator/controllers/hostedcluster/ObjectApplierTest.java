package io.hypershift.operator.controllers.hostedcluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectApplierTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "When {0}, the hash should change")
    @CsvSource({"a value changes", "a key is removed"})
    void hashFollowsTheDesiredState(String when) {
        var base = new ConfigMapBuilder().withNewMetadata().withName("c").withNamespace("n").endMetadata()
                .withData(Map.of("k", "v", "k2", "v2")).build();
        var changed = when.startsWith("a value")
                ? new ConfigMapBuilder(base).withData(Map.of("k", "other", "k2", "v2")).build()
                : new ConfigMapBuilder(base).withData(Map.of("k", "v")).build();
        assertThat(ObjectApplier.hash(changed)).isNotEqualTo(ObjectApplier.hash(base));
        var sameButServerFields = new ConfigMapBuilder(base).editMetadata().withResourceVersion("42").withUid("u").endMetadata().build();
        assertThat(ObjectApplier.hash(sameButServerFields)).isEqualTo(ObjectApplier.hash(base));
    }
}
