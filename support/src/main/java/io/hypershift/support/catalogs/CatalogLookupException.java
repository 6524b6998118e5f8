package io.hypershift.support.catalogs;

/** Catalog discovery failed: no index image in the versions tried, or a registry could not be asked. */
public final class CatalogLookupException extends Exception {
    private static final long serialVersionUID = 1L;

    public CatalogLookupException(String message) {
        super(message);
    }

    public CatalogLookupException(String message, Throwable cause) {
        super(message, cause);
    }
}
