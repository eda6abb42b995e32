package dev.imbench.gatling;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;
import java.util.prefs.PreferencesFactory;

/**
 * Java preferences kept in memory, for the JVM that runs Gatling
 * ({@code -Djava.util.prefs.PreferencesFactory=dev.imbench.gatling.OfflinePreferences}).
 *
 * <p>Gatling has no setting for its release check: at every start it reads its last check from the
 * user's Java preferences, fetches the latest version from the Maven repository when that check is
 * older than a day, writes the preferences directory, and prints an upgrade notice into the run's
 * log. Here the last check always reads as made just now (and unsuccessful, so no version is
 * compared): Gatling fetches nothing and prints nothing, and nothing is written under the home
 * directory.
 */
public final class OfflinePreferences implements PreferencesFactory {

    /** The node Gatling keeps its release check in. */
    static final String RELEASE_CHECK_NODE = "/io/gatling/latestVersion";

    private static final Preferences USER = new Node(null, "");
    private static final Preferences SYSTEM = new Node(null, "");

    @Override
    public Preferences userRoot() {
        return USER;
    }

    @Override
    public Preferences systemRoot() {
        return SYSTEM;
    }

    /** An in-memory node; the release-check node answers "checked just now, no result". */
    private static final class Node extends AbstractPreferences {
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, Node> children = new HashMap<>();

        Node(Node parent, String name) {
            super(parent, name);
        }

        @Override
        protected void putSpi(String key, String value) {
            values.put(key, value);
        }

        @Override
        protected String getSpi(String key) {
            if (absolutePath().equals(RELEASE_CHECK_NODE)) {
                switch (key) {
                    case "lastCheckTimestamp" -> {
                        return Long.toString(System.currentTimeMillis());
                    }
                    case "lastCheckSuccess" -> {
                        return "false";
                    }
                    default -> {
                        return null;
                    }
                }
            }
            return values.get(key);
        }

        @Override
        protected void removeSpi(String key) {
            values.remove(key);
        }

        @Override
        protected void removeNodeSpi() {
            values.clear();
            children.clear();
        }

        @Override
        protected String[] keysSpi() {
            return values.keySet().toArray(String[]::new);
        }

        @Override
        protected String[] childrenNamesSpi() {
            return children.keySet().toArray(String[]::new);
        }

        @Override
        protected AbstractPreferences childSpi(String name) {
            return children.computeIfAbsent(name, n -> new Node(this, n));
        }

        @Override
        protected void syncSpi() {
            // in memory: nothing to read back
        }

        @Override
        protected void flushSpi() {
            // in memory: nothing to write
        }
    }
}
