/** {@code hypershift.openshift.io/v1beta1}: the fields of HostedCluster and HostedControlPlane this pipeline uses. */
package io.hypershift.api.v1beta1;
