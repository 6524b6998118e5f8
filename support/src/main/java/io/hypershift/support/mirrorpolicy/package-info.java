/**
 * The admin's tools for the mirror policies oc-mirror writes: read oc-mirror v1 {@code results-*} and v2
 * {@code cluster-resources} layouts ({@link io.hypershift.support.mirrorpolicy.PolicyInputs}), merge runs into one
 * deterministic policy set ({@link io.hypershift.support.mirrorpolicy.PolicyMerger}), convert ICSP to IDMS
 * ({@link io.hypershift.support.mirrorpolicy.IcspConverter}), and lint policies, optionally against an
 * ImageSetConfiguration ({@link io.hypershift.support.mirrorpolicy.PolicyLinter}). Pure logic: files in, objects and
 * findings out.
 */
package io.hypershift.support.mirrorpolicy;
