package dev.imbench.cli;

import dev.imbench.runner.RunControl;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * While a run is on, SIGINT (Ctrl-C) and SIGTERM ask it to stop through its
 * {@link RunControl} instead of killing the JVM: the load stops, a bounded drain
 * runs, every file is written and judged as interrupted, the CLI exits 130. A
 * second signal exits at once. The JDK's signal API ({@code sun.misc.Signal},
 * module jdk.unsupported) is reached by reflection so the build stays free of
 * internal-API warnings; where it is missing, signals keep their default effect.
 */
final class SignalStop implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Object[]> previous = new ArrayList<>();

    private SignalStop(RunControl control, PrintStream err) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Method handle = signal.getMethod("handle", signal, handlerType);
            for (String name : SIGNALS) {
                Object sig = signal.getConstructor(String.class).newInstance(name);
                Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                        (proxy, method, args) -> {
                            if (method.getName().equals("handle")) {
                                onSignal(control, "SIG" + name, err);
                                return null;
                            }
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                default -> "imbench stop on SIG" + name;
                            };
                        });
                previous.add(new Object[] {sig, handle.invoke(null, sig, handler)});
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            err.println("imbench: warning: Ctrl-C will not stop the run cleanly here (" + e + ")");
        }
    }

    /** Installs the handlers until {@link #close()}. */
    static SignalStop install(RunControl control, PrintStream err) {
        return new SignalStop(control, err);
    }

    private static void onSignal(RunControl control, String name, PrintStream err) {
        if (control.stopRequested()) {
            err.println("imbench: " + name + " again: exiting now, the run directory is left as it is");
            Runtime.getRuntime().halt(Imbench.EXIT_INTERRUPTED);
        }
        err.println("imbench: " + name + ": stopping the load, draining briefly, writing the run directory"
                + " (press Ctrl-C again to exit at once)");
        control.requestStop(name);
    }

    /** Puts the previous handlers back. */
    @Override
    public void close() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Method handle = signal.getMethod("handle", signal, Class.forName("sun.misc.SignalHandler"));
            for (Object[] p : previous) {
                handle.invoke(null, p[0], p[1]);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // the JVM is going away with its own handlers; nothing to restore
        }
    }
}
