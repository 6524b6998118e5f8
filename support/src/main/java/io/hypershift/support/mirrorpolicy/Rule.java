package io.hypershift.support.mirrorpolicy;

/** The lint rules; the id is what the text and JSON outputs show. */
public enum Rule {
    EMPTY_SOURCE("empty-source"),
    INVALID_REFERENCE("invalid-reference"),
    WILDCARD_NOT_ALLOWED("wildcard-not-allowed"),
    SOURCE_TAG_OR_DIGEST("source-tag-or-digest"),
    NO_MIRRORS("no-mirrors"),
    NEVER_CONTACT_WITHOUT_MIRROR("never-contact-without-mirror"),
    UNKNOWN_SOURCE_POLICY("unknown-source-policy"),
    DUPLICATE_MIRROR("duplicate-mirror"),
    NAME_COLLISION("name-collision"),
    RELEASE_PAYLOAD_NOT_EXPLICIT("release-payload-not-explicit"),
    OVERRIDES_TOO_LONG("overrides-too-long"),
    RELEASE_CHANNEL_NOT_COVERED("release-channel-not-covered"),
    CATALOG_NOT_COVERED("catalog-not-covered"),
    TAG_IMAGE_NOT_COVERED("tag-image-not-covered"),
    IMAGE_SET_NOT_CHECKED("image-set-not-checked"),
    NODE_MIRROR_WITHOUT_HOST("node-mirror-without-host"),
    NODE_WILDCARD_HOST_PORT("node-wildcard-host-port"),
    NODE_MIRROR_BLOCKED("node-mirror-blocked"),
    NODE_BARE_HOST_CAPTURES_PORT("node-bare-host-captures-port"),
    NODE_NEVER_CONTACT_SHADOWED("node-never-contact-shadowed"),
    NODE_ENTRY_SHADOWED("node-entry-shadowed"),
    NODE_MIRROR_ORDER_DIFFERS("node-mirror-order-differs");

    private final String id;

    Rule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
