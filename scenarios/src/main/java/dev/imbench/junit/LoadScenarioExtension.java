package dev.imbench.junit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
import dev.imbench.runner.SimulationWorkload;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLibrary;
import dev.imbench.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs the {@link LoadScenario} of a test method and fails the test when the run does not pass;
 * a run whose load generator fell behind (inconclusive) aborts the test instead.
 */
public final class LoadScenarioExtension implements InvocationInterceptor, ParameterResolver {

    /** The exit code of a run whose generator fell behind. */
    private static final int INCONCLUSIVE = 3;
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LoadScenarioExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext ctx) {
        return p.getParameter().getType() == RunOutcome.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext ctx) {
        return outcome(ctx);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext ctx) throws Throwable {
        RunOutcome o = outcome(ctx);
        if (o.exitCode() == INCONCLUSIVE) {
            // the load generator, not the system under test, fell behind: the run proves nothing either way
            Assumptions.abort(failureMessage(o));
        }
        if (o.exitCode() != 0) {
            throw new AssertionError(failureMessage(o));
        }
        invocation.proceed();
    }

    private static RunOutcome outcome(ExtensionContext ctx) {
        return ctx.getStore(NS).computeIfAbsent("outcome", k -> run(ctx), RunOutcome.class);
    }

    private static RunOutcome run(ExtensionContext ctx) {
        LoadScenario a = ctx.getRequiredTestMethod().getAnnotation(LoadScenario.class);
        Scenario s = ScenarioLibrary.load(a.value(), new ScenarioLoader(SimulationWorkload.knownProfiles()),
                Overrides.parse(List.of(a.set())));
        if (a.seed() >= 0) {
            s = s.withSeed(a.seed());
        }
        RunOptions options = new RunOptions(Path.of(a.out()), "@LoadScenario(\"" + a.value() + "\") "
                + String.join(" ", a.set()), false, null, 0.2, true, List.of());
        return new ScenarioRunner(new SimulationWorkload(), dev.imbench.runner.Reports::write,
                new PrintStream(PrintStream.nullOutputStream())).run(s, options);
    }

    /** The reason a run failed, with its SLO table and delivery verdict. */
    static String failureMessage(RunOutcome o) {
        String verdict = o.summary() == null ? "broken" : o.summary().path("verdict").asText("failed");
        StringBuilder b = new StringBuilder("imbench scenario ").append(verdict.equals("broken") ? "broke" : "was " + verdict)
                .append(": ").append(o.message());
        if (o.dir() != null) {
            b.append("\nrun directory: ").append(o.dir().path());
        }
        JsonNode s = o.summary();
        if (s != null) {
            JsonNode d = s.path("delivery");
            b.append(String.format(Locale.ROOT, "%ndelivery %s: attempted %d, acked %d, lost %d, unexpected %d, duplicated %d",
                    d.path("verdict").asText(), d.path("attempted").asLong(), d.path("acked").asLong(),
                    d.path("lost").asLong(), d.path("unexpected").asLong(), d.path("duplicated").asLong()));
            b.append(String.format(Locale.ROOT, "%n%-6s %-40s %12s %12s", "", "SLO", "limit", "actual"));
            for (JsonNode row : s.path("slo")) {
                b.append(String.format(Locale.ROOT, "%n%-6s %-40s %12s %12s", row.path("passed").asBoolean() ? "ok"
                                : row.path("status").asText("failed").toUpperCase(Locale.ROOT),
                        row.path("check").asText(), row.path("limit").asText(),
                        row.path("actual").isNull() ? "not measured" : row.path("actualText").asText(row.path("actual").asText())));
            }
        }
        return b.toString();
    }
}
