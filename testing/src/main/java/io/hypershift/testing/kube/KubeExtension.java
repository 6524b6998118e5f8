package io.hypershift.testing.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.AnnotatedElement;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 side of {@link KubeTest}: chooses the backend per class, decides per test whether it runs (a test
 * needing a missing {@link Capability} is skipped, with the reason), starts the class's server on first use,
 * and gives each test a fresh namespace and client ({@link KubeContext}).
 */
public final class KubeExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KubeExtension.class);
    private static volatile InstalledBackends installed;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("each test is checked on its own");
        }
        Optional<String> skip = selection(context).skipReason(required(context));
        if (skip.isPresent()) {
            System.out.println("[kube] " + testName(context) + ": SKIPPED — " + skip.get());
            return ConditionEvaluationResult.disabled(skip.get());
        }
        return ConditionEvaluationResult.enabled("runs on " + selection(context).backend().map(Backend::id).orElse("?"));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Selection selection = selection(context);
        if (selection.outcome() == Selection.Outcome.FAIL) {
            throw new IllegalStateException("no Kubernetes API for " + testName(context) + ": " + selection.reason());
        }
        ExtensionContext owner = owner(context);
        ClusterHolder holder = owner.getStore(NS).getOrComputeIfAbsent(ClusterHolder.class,
                k -> new ClusterHolder(selection.backend().orElseThrow(), selection.reason(), KubeSettings.current(),
                        installed(KubeSettings.current()), annotation(owner).map(KubeTest::crds).orElse(true),
                        owner.getRequiredTestClass().getSimpleName()),
                ClusterHolder.class);
        KubeCluster cluster = holder.get();
        KubeContext kube;
        if (classScoped(owner)) {
            kube = owner.getStore(NS).getOrComputeIfAbsent(ClassContext.class,
                    k -> new ClassContext(newContext(cluster, holder, owner, namespaceFor(
                            owner.getRequiredTestClass().getSimpleName()))), ClassContext.class).kube();
        } else {
            kube = newContext(cluster, holder, owner, namespaceFor(context));
        }
        context.getStore(NS).put(KubeContext.class, kube);
        System.out.println("[kube] " + testName(context) + ": backend " + cluster.backend() + ", namespace "
                + kube.namespace() + (classScoped(owner) ? " (shared by the class)" : ""));
        context.publishReportEntry("kube.backend", cluster.backend().id());
    }

    private static KubeContext newContext(KubeCluster cluster, ClusterHolder holder, ExtensionContext owner,
            String namespace) {
        try (KubernetesClient admin = cluster.newClient()) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .addToLabels("hypershift.io/test-class", label(owner.getRequiredTestClass().getSimpleName()))
                    .endMetadata().build()).create();
        }
        return new KubeContext(cluster, namespace, holder.startup());
    }

    /** The class-scoped context, kept in the class's store until {@link #afterAll}. */
    private record ClassContext(KubeContext kube) {}

    @Override
    public void afterEach(ExtensionContext context) {
        KubeContext kube = context.getStore(NS).remove(KubeContext.class, KubeContext.class);
        if (kube != null && !classScoped(owner(context))) {
            close(kube, testName(context));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (owner(context) != context) {
            return; // a @Nested class: the enclosing @KubeTest class owns the context
        }
        ClassContext shared = context.getStore(NS).remove(ClassContext.class, ClassContext.class);
        if (shared != null) {
            close(shared.kube(), context.getRequiredTestClass().getSimpleName());
        }
    }

    private static void close(KubeContext kube, String owner) {
        List<String> problems = kube.close(!KubeSettings.current().keepNamespaces());
        problems.forEach(p -> System.out.println("[kube] " + owner + ": cleanup: " + p));
    }

    private static boolean classScoped(ExtensionContext owner) {
        return annotation(owner).map(KubeTest::namespace).orElse(KubeTest.NamespaceScope.TEST)
                == KubeTest.NamespaceScope.CLASS;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubeContext.class || type == KubernetesClient.class || type == KubeCluster.class
                || type == Backend.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        KubeContext kube = extension.getStore(NS).get(KubeContext.class, KubeContext.class);
        if (kube == null) {
            throw new ParameterResolutionException(parameter.getParameter().getType().getSimpleName()
                    + " is available in @Test, @BeforeEach and @AfterEach methods of a @KubeTest class");
        }
        Class<?> type = parameter.getParameter().getType();
        if (type == KubeContext.class) {
            return kube;
        }
        if (type == KubernetesClient.class) {
            return kube.client();
        }
        return type == KubeCluster.class ? kube.cluster() : kube.backend();
    }

    private static Selection selection(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        return owner.getStore(NS).getOrComputeIfAbsent(Selection.class, k -> {
            Backend[] pinned = annotation(owner).map(KubeTest::backend).orElse(new Backend[0]);
            if (pinned.length > 1) {
                return Selection.fail("@KubeTest(backend = ...) names more than one backend");
            }
            KubeSettings settings;
            try {
                settings = KubeSettings.current();
            } catch (IllegalArgumentException e) {
                return Selection.fail(e.getMessage());
            }
            return new BackendSelector(settings, installed(settings)).select(
                    pinned.length == 0 ? Optional.empty() : Optional.of(pinned[0]),
                    declared(owner.getRequiredTestClass()));
        }, Selection.class);
    }

    /** What this machine has: probed once per JVM (test JVMs share one system-property setting). */
    private static InstalledBackends installed(KubeSettings settings) {
        InstalledBackends i = installed;
        if (i == null) {
            synchronized (KubeExtension.class) {
                if (installed == null) {
                    installed = new InstalledBackends(settings);
                }
                i = installed;
            }
        }
        return i;
    }

    /** The context of the class that carries {@code @KubeTest} (an enclosing one for {@code @Nested} classes). */
    private static ExtensionContext owner(ExtensionContext context) {
        ExtensionContext found = null;
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestMethod().isEmpty() && c.getTestClass().isPresent()
                    && AnnotationSupport.isAnnotated(c.getTestClass().get(), KubeTest.class)) {
                found = c;
            }
        }
        return found != null ? found : context.getRoot();
    }

    private static Optional<KubeTest> annotation(ExtensionContext owner) {
        return owner.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, KubeTest.class));
    }

    /** What a class's tests declare: its own {@link RequiresCapability}, its methods', and its nested classes'. */
    static Set<Capability> declared(Class<?> testClass) {
        EnumSet<Capability> all = EnumSet.noneOf(Capability.class);
        AnnotationSupport.findAnnotation(testClass, RequiresCapability.class).ifPresent(r -> all.addAll(List.of(r.value())));
        for (java.lang.reflect.Method m : testClass.getDeclaredMethods()) {
            AnnotationSupport.findAnnotation(m, RequiresCapability.class).ifPresent(r -> all.addAll(List.of(r.value())));
        }
        for (Class<?> nested : testClass.getDeclaredClasses()) {
            all.addAll(declared(nested));
        }
        return all;
    }

    private static Set<Capability> required(ExtensionContext context) {
        EnumSet<Capability> required = EnumSet.noneOf(Capability.class);
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<AnnotatedElement> element = c.getElement();
            element.flatMap(e -> AnnotationSupport.findAnnotation(e, RequiresCapability.class))
                    .ifPresent(r -> required.addAll(List.of(r.value())));
        }
        return required;
    }

    /** Longest test namespace: leaves room for {@code <namespace>-<name>} namespaces (a HostedCluster's). */
    static final int NAMESPACE_MAX = 32;

    /** {@code t-<start of the method name>-<5 random chars>}, a DNS label of at most {@value #NAMESPACE_MAX}. */
    static String namespaceFor(ExtensionContext context) {
        return namespaceFor(context.getTestMethod().map(m -> m.getName()).orElse("test"));
    }

    static String namespaceFor(String method) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36),
                36);
        String base = "t-" + label(method);
        int max = NAMESPACE_MAX - suffix.length() - 1;
        return (base.length() > max ? base.substring(0, max) : base).replaceAll("-+$", "") + "-" + suffix;
    }

    private static String label(String s) {
        String l = s.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-")
                .replaceAll("^-+|-+$", "");
        l = l.length() > 63 ? l.substring(0, 63).replaceAll("-+$", "") : l;
        return l.isEmpty() ? "x" : l;
    }

    private static String testName(ExtensionContext context) {
        return context.getTestClass().map(Class::getSimpleName).orElse("?")
                + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
    }
}
