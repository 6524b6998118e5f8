package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A data-plane mirror rule: a source repository and its mirrors, in priority order. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ImageContentSource {
    @Required
    @JsonPropertyDescription("The repository that users refer to, e.g. in image pull specifications.")
    private String source;

    @JsonPropertyDescription("Repositories that may also contain the same images, in priority order.")
    private List<String> mirrors;

    public ImageContentSource() {}

    public ImageContentSource(String source, List<String> mirrors) {
        this.source = source;
        setMirrors(mirrors);
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public List<String> getMirrors() {
        return mirrors;
    }

    public void setMirrors(List<String> mirrors) {
        this.mirrors = mirrors == null ? null : new ArrayList<>(mirrors);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageContentSource that
                && Objects.equals(source, that.source)
                && Objects.equals(mirrors, that.mirrors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, mirrors);
    }

    @Override
    public String toString() {
        return source + "->" + mirrors;
    }
}
