package io.hypershift.support.registry;

/** A content descriptor: media type, digest, size, and for index entries the platform (else {@code null}). */
public record Descriptor(String mediaType, String digest, long size, Platform platform) {}
