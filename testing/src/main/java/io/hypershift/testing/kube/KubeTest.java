package io.hypershift.testing.kube;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on a Kubernetes API: one server per class (started before its first test, stopped after its last),
 * a fresh namespace and client per test. Test and {@code @BeforeEach}/{@code @AfterEach} methods take a
 * {@link KubeContext} parameter (or a {@code KubernetesClient}, {@link KubeCluster} or {@link Backend}).
 *
 * <pre>{@code
 * @KubeTest
 * class HostedClusterReconcilerTest {
 *     @Test
 *     void createsTheNamespace(KubeContext kube) {
 *         kube.client().resource(hostedCluster).create();   // in kube.namespace()
 *         ...
 *     }
 *
 *     @Test
 *     @RequiresCapability(Capability.SERVER_SIDE_APPLY)      // skipped (and reported so) on the mock
 *     void appliesServerSide(KubeContext kube) { ... }
 * }
 * }</pre>
 *
 * The backend comes from {@code -De2e.backend} (see {@link KubeSettings}); every test prints the one it ran on.
 * Tagged {@code kube}: {@code -DexcludedGroups=kube} leaves these tests out.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag("kube")
@ExtendWith(KubeExtension.class)
public @interface KubeTest {
    /**
     * Pins the class to one backend regardless of {@code -De2e.backend} (at most one value). Unavailable → the tests
     * fail, except k3s under {@code -De2e.backend=auto}, which is optional here: its tests are skipped.
     */
    Backend[] backend() default {};

    /** Whether to install {@link Crds#all()} (ours plus ICSP/IDMS/ITMS) when the server starts. */
    boolean crds() default true;

    /**
     * {@link NamespaceScope#TEST} (default): a fresh namespace, client and {@link KubeContext} per test.
     * {@link NamespaceScope#CLASS}: one for the whole class, created before its first test and cleaned up (with every
     * {@code <namespace>-*} namespace) after its last: for ordered scenarios that build on each other's objects.
     */
    NamespaceScope namespace() default NamespaceScope.TEST;

    /** How long a test namespace (and its {@link KubeContext}) lives. */
    enum NamespaceScope { TEST, CLASS }
}
