package dev.imbench.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs an imbench scenario as this test: the test fails, with the SLO table in
 * its message, when an SLO, the delivery check or the baseline fails or the run
 * breaks; it is aborted (reported as skipped, with the reason) when the load
 * generator fell behind, since its latencies then are the generator's. The
 * method body runs afterwards and may take a {@link dev.imbench.runner.RunOutcome}
 * parameter for further assertions.
 *
 * <pre>{@code
 * @LoadScenario(value = "scenarios/c2c.yaml", set = {"clients=50", "duration=3s"})
 * void c2cHoldsItsSlos(RunOutcome run) {
 *     assertTrue(run.summary().at("/latency/e2e/count").asLong() > 0);
 * }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Test
@ExtendWith(LoadScenarioExtension.class)
public @interface LoadScenario {

    /** A scenario file, or the name of a shipped scenario. */
    String value();

    /** {@code key=value} overrides, as with {@code imbench run --set}. */
    String[] set() default {};

    /** Run seed; the scenario's own when negative. */
    long seed() default -1;

    /** Parent of the run directories; by default {@code target/imbench-runs}. */
    String out() default "target/imbench-runs";
}
