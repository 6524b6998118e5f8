package io.hypershift.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Ordered scenarios that build on each other: once one fails, the later ones are not run (reported as aborted, naming
 * the failed one) instead of failing again for the same cause. The failure itself fails the build.
 */
final class ScenarioChain implements TestWatcher, BeforeEachCallback {
    private volatile String failed;

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(failed == null, () -> "not run: " + failed + " failed, and this scenario builds on it");
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (failed == null) {
            failed = context.getRequiredTestMethod().getName();
        }
    }
}
