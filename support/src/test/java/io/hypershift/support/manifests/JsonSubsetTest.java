package io.hypershift.support.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonSubsetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "When actual is {0} and desired is {1}, it should answer {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":1,\"b\":2}              | {\"a\":1}               | true",
        "{\"a\":1}                      | {\"a\":1,\"b\":2}       | false",
        "{\"a\":[{\"x\":1,\"y\":2}]}    | {\"a\":[{\"x\":1}]}     | true",
        "{\"a\":[1,2]}                  | {\"a\":[1]}             | false",
        "{\"a\":[1]}                    | {\"a\":[1,2]}           | false",
        "{\"a\":[2,1]}                  | {\"a\":[1,2]}           | false",
        "{\"a\":\"v\"}                  | {\"a\":\"w\"}           | false",
        "{\"a\":1.0}                    | {\"a\":1}               | true",
        "{\"a\":\"1\"}                  | {\"a\":1}               | false",
        "{\"a\":{\"b\":1}}              | {\"a\":{\"b\":null}}    | true",
        "{\"a\":1}                      | {\"a\":{}}              | false",
        "{}                             | {\"a\":{}}              | false"})
    void whenComparing_itShouldBeASubsetCheckWithExactListLengths(String actual, String desired, boolean expected)
            throws Exception {
        assertThat(JsonSubset.contains(JSON.readTree(actual), JSON.readTree(desired))).isEqualTo(expected);
    }

    @Test
    void whenNothingIsWanted_anythingShouldHoldIt() throws Exception {
        JsonNode have = JSON.readTree("{\"a\":1}");
        assertThat(JsonSubset.contains(have, null)).isTrue();
        assertThat(JsonSubset.contains(have, MissingNode.getInstance())).isTrue();
        assertThat(JsonSubset.contains(null, JSON.readTree("{}"))).isFalse();
        assertThat(JsonSubset.contains(MissingNode.getInstance(), JSON.readTree("1"))).isFalse();
    }
}
