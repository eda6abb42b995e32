package dev.imbench.chaos.timeline;

import dev.imbench.chaos.profile.Profiles;

/** One fault action of a timeline. */
public sealed interface FaultAction {

    /** The event-log name of the fault this action starts or ends (pairs of actions share it). */
    String name();

    /** Whether this action ends a fault started earlier under the same {@link #name()}. */
    default boolean ends() {
        return false;
    }

    /** Route {@code fraction} of clients through a proxy carrying the profile. */
    record ApplyProfile(String profile, double fraction) implements FaultAction {
        /** Validates the profile name (fails with the known ones) and the fraction. */
        public ApplyProfile {
            Profiles.get(profile);
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
            }
        }

        @Override
        public String name() {
            return profile;
        }
    }

    /** Stop applying a profile. */
    record RemoveProfile(String profile) implements FaultAction {
        /** Validates the profile name. */
        public RemoveProfile {
            Profiles.get(profile);
        }

        @Override
        public String name() {
            return profile;
        }

        @Override
        public boolean ends() {
            return true;
        }
    }

    /** Take a proxy down (closes its listener and connections). */
    record ProxyDown(String proxy) implements FaultAction {
        @Override
        public String name() {
            return "down:" + proxy;
        }
    }

    /** Bring a proxy back up. */
    record ProxyUp(String proxy) implements FaultAction {
        @Override
        public String name() {
            return "down:" + proxy;
        }

        @Override
        public boolean ends() {
            return true;
        }
    }

    /** Kill a process (e.g. {@code gate-0}). */
    record Kill(String target) implements FaultAction {
        @Override
        public String name() {
            return target;
        }
    }

    /** Restart a killed process. */
    record Restart(String target) implements FaultAction {
        @Override
        public String name() {
            return target;
        }
    }

    /** Cut the server's path to a dependency ({@code mysql} or {@code redis}). */
    record CutPath(String dependency) implements FaultAction {
        @Override
        public String name() {
            return "cut:" + dependency;
        }
    }

    /** Restore a cut path. */
    record RestorePath(String dependency) implements FaultAction {
        @Override
        public String name() {
            return "cut:" + dependency;
        }

        @Override
        public boolean ends() {
            return true;
        }
    }
}
