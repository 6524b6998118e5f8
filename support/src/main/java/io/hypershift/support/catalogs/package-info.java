/**
 * OLM catalogs in disconnected mode (SPEC §9): validation of the OLM annotations ({@link
 * io.hypershift.support.catalogs.CatalogOverrides}), the plan that follows from them ({@link
 * io.hypershift.support.catalogs.CatalogPlan}), discovery of the catalog index images of a release ({@link
 * io.hypershift.support.catalogs.CatalogDiscovery}, on registries {@link
 * io.hypershift.support.catalogs.CatalogImages}), the {@code catalogs} ImageStream and the image each catalog
 * Deployment runs. Pure, except for the registry probe; no Kubernetes client.
 */
package io.hypershift.support.catalogs;
