package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a test's namespaces and what is in them, on every backend, so that the next test of the class starts
 * clean even where no namespace controller runs. It does what that controller does: deletes every namespaced
 * object (dropping finalizers first: the operator that would remove them is gone with the test), then the
 * namespace, and on the bare kube-apiserver also the namespace's own finalizer, so the namespace really goes.
 *
 * <p>The test's namespace {@code ns} and every namespace named {@code ns-*} (such as a HostedCluster's
 * control-plane namespace) are reaped; nothing else is touched.
 */
final class NamespaceReaper {
    /** Where discovery is not real (the mock): the kinds tests create. */
    private static final List<ResourceDefinitionContext> KNOWN = List.of(
            type("", "v1", "configmaps"), type("", "v1", "secrets"), type("", "v1", "services"),
            type("", "v1", "serviceaccounts"), type("", "v1", "pods"), type("apps", "v1", "deployments"),
            type("rbac.authorization.k8s.io", "v1", "roles"), type("rbac.authorization.k8s.io", "v1", "rolebindings"),
            type("coordination.k8s.io", "v1", "leases"), type("hypershift.openshift.io", "v1beta1", "hostedclusters"),
            type("hypershift.openshift.io", "v1beta1", "hostedcontrolplanes"));

    private NamespaceReaper() {}

    /** Reaps {@code namespace} and its {@code namespace-*} namespaces; returns what could not be done. */
    static List<String> reap(KubernetesClient client, KubeCluster cluster, String namespace) {
        List<String> problems = new ArrayList<>();
        List<String> namespaces = new ArrayList<>();
        try {
            for (Namespace n : client.namespaces().list().getItems()) {
                String name = n.getMetadata().getName();
                if (name.equals(namespace) || name.startsWith(namespace + "-")) {
                    namespaces.add(name);
                }
            }
        } catch (KubernetesClientException e) {
            namespaces.add(namespace);
        }
        List<ResourceDefinitionContext> types = cluster.has(Capability.DISCOVERY) ? discover(client, problems) : KNOWN;
        for (String ns : namespaces) {
            for (ResourceDefinitionContext type : types) {
                empty(client, ns, type, problems);
            }
            try {
                client.namespaces().withName(ns).delete();
                if (cluster.has(Capability.DISCOVERY) && !cluster.has(Capability.CONTROLLERS)) {
                    finalizeNamespace(client, ns);
                }
            } catch (KubernetesClientException e) {
                problems.add("namespace " + ns + ": " + e.getMessage());
            }
        }
        return problems;
    }

    private static void empty(KubernetesClient client, String ns, ResourceDefinitionContext type, List<String> problems) {
        try {
            var resources = client.genericKubernetesResources(type).inNamespace(ns);
            List<GenericKubernetesResource> items = resources.list().getItems();
            if (items.isEmpty()) {
                return;
            }
            for (GenericKubernetesResource r : items) {
                if (r.getMetadata().getFinalizers() != null && !r.getMetadata().getFinalizers().isEmpty()) {
                    resources.withName(r.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"metadata\":{\"finalizers\":null}}");
                }
            }
            resources.withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 405) {
                problems.add(type.getPlural() + " in " + ns + ": " + e.getMessage());
            }
        }
    }

    /** What the namespace controller would do last: drop {@code spec.finalizers} so the namespace disappears. */
    private static void finalizeNamespace(KubernetesClient client, String ns) {
        Namespace current = client.namespaces().withName(ns).get();
        if (current == null) {
            return;
        }
        current.setSpec(null);
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/" + ns + "/finalize";
        client.raw(url, "PUT", current);
    }

    /** Every namespaced kind the server lists and deletes (preferred versions), from discovery. */
    private static List<ResourceDefinitionContext> discover(KubernetesClient client, List<String> problems) {
        List<ResourceDefinitionContext> types = new ArrayList<>();
        try {
            add(types, "", "v1", client.getApiResources("v1"));
            for (APIGroup g : client.getApiGroups().getGroups()) {
                String version = g.getPreferredVersion().getVersion();
                add(types, g.getName(), version, client.getApiResources(g.getName() + "/" + version));
            }
        } catch (KubernetesClientException e) {
            problems.add("discovery: " + e.getMessage() + "; reaping only the usual kinds");
            return KNOWN;
        }
        return types;
    }

    private static void add(List<ResourceDefinitionContext> types, String group, String version, APIResourceList list) {
        if (list == null) {
            return;
        }
        for (APIResource r : list.getResources()) {
            if (Boolean.TRUE.equals(r.getNamespaced()) && !r.getName().contains("/") && r.getVerbs() != null
                    && r.getVerbs().contains("list") && r.getVerbs().contains("delete") && !"events".equals(r.getName())) {
                types.add(type(group, version, r.getName()));
            }
        }
    }

    private static ResourceDefinitionContext type(String group, String version, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withNamespaced(true).build();
    }
}
