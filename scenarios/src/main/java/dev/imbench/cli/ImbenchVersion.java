package dev.imbench.cli;

import picocli.CommandLine;

/** Reports the imbench version from the jar manifest, and the Java running it. */
public final class ImbenchVersion implements CommandLine.IVersionProvider {

    /** The imbench version, or "dev" when not run from a built jar. */
    public static String imbench() {
        String v = Imbench.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"imbench " + imbench(), "Java " + Runtime.version()};
    }
}
