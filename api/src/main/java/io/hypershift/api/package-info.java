/**
 * The HyperShift API surface this pipeline uses: the custom resources, and the annotation keys,
 * condition types and reasons named exactly as HyperShift names them.
 */
package io.hypershift.api;
