package io.hypershift.support.registry;

/** The registry answered 404: no such repository, manifest or blob, or no manifest for the wanted platform. */
public final class ImageNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    public ImageNotFoundException(String registry, String repository, String what) {
        super(registry, repository, what + " not found in " + where(registry, repository), null);
    }

    @Override
    public String reason() {
        return "NotFound";
    }
}
