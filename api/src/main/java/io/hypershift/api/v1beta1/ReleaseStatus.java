package io.hypershift.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** A release as observed: its version and the pull spec that served it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ReleaseStatus {
    @JsonPropertyDescription("The release version, from the release metadata.")
    private String version;

    @JsonPropertyDescription("The release image as given in the spec.")
    private String image;

    @JsonPropertyDescription("The pull spec that served the release: a mirror, or the image itself.")
    private String mirroredImage;

    public ReleaseStatus() {}

    public ReleaseStatus(String version, String image, String mirroredImage) {
        this.version = version;
        this.image = image;
        this.mirroredImage = mirroredImage;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getMirroredImage() {
        return mirroredImage;
    }

    public void setMirroredImage(String mirroredImage) {
        this.mirroredImage = mirroredImage;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseStatus that
                && Objects.equals(version, that.version)
                && Objects.equals(image, that.image)
                && Objects.equals(mirroredImage, that.mirroredImage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, image, mirroredImage);
    }
}
