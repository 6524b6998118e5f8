package io.hypershift.support.manifests;

/** Bad input in a manifest file. The message names the file, the document and, where known, the field. */
public class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }

    public ManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
