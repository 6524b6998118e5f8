package io.hypershift.testing.kube;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link KubeTest} test (or class) that needs these capabilities. On a backend that lacks one, the test is
 * skipped, reported as skipped, with the reason; it never passes there.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresCapability {
    Capability[] value();
}
