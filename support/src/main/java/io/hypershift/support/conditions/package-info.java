/**
 * Status conditions with {@code metav1.Condition} semantics, shared by the hypershift-operator and the
 * control-plane-operator: {@link io.hypershift.support.conditions.StatusConditions} sets {@code observedGeneration},
 * keeps {@code lastTransitionTime} while the status is unchanged and tells whether a patch is needed.
 */
package io.hypershift.support.conditions;
