/**
 * Registry overrides (SPEC §3–§5): the mirror overrides built from ICSP/IDMS ({@link MirrorOverrides}), the
 * operator-level RO map ({@link RegistryOverrides}), their string codecs ({@link OverrideCodec}) and the one
 * boundary-aware, longest-prefix matcher that every path uses ({@link PrefixMatcher}).
 */
package io.hypershift.support.registryoverride;
