package io.hypershift.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Ordered scenarios that build on each other: once one fails, the later ones are not run (reported as aborted, naming
 * the failed one) instead of failing again for the same cause; the failure itself fails the build. Each scenario's
 * outcome goes to the {@link Timings} report: how long a passed one took, why one was skipped or failed.
 */
final class ScenarioChain implements TestWatcher, BeforeEachCallback, BeforeTestExecutionCallback,
        AfterTestExecutionCallback {
    private final Timings timings;
    private volatile String failed;
    private long started;
    private Duration took = Duration.ZERO;

    ScenarioChain(Timings timings) {
        this.timings = timings;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        assumeTrue(failed == null, () -> "not run: " + failed + " failed, and this scenario builds on it");
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        started = System.nanoTime();
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        took = Duration.ofNanos(System.nanoTime() - started);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        timings.step(scenario(context) + " passed", took);
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        timings.note(scenario(context) + " skipped: " + cause.getMessage());
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        timings.note(scenario(context) + " skipped: " + reason.orElse("disabled"));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (failed == null) {
            failed = context.getRequiredTestMethod().getName();
        }
        timings.note(scenario(context) + " FAILED after " + Timings.seconds(took) + ": " + cause);
    }

    /** {@code scenario3} from {@code scenario3_whenThis_itShouldThat}. */
    private static String scenario(ExtensionContext context) {
        return context.getRequiredTestMethod().getName().replaceFirst("_.*", "");
    }
}
