package dev.imbench.chaos.timeline;

import dev.imbench.chaos.profile.Profile;

/** What performs fault actions; the runner implements it over its proxies and processes. */
public interface FaultControl {

    /** Routes {@code fraction} of clients through a proxy carrying {@code profile}. */
    void applyProfile(Profile profile, double fraction) throws Exception;

    /** Stops applying the profile. */
    void removeProfile(String profile) throws Exception;

    /** Takes a proxy down (listener and connections closed). */
    void proxyDown(String proxy) throws Exception;

    /** Brings a proxy up. */
    void proxyUp(String proxy) throws Exception;

    /** Kills a process. */
    void kill(String target) throws Exception;

    /** Restarts a process. */
    void restart(String target) throws Exception;

    /** Cuts the server's path to a dependency (disables the proxy in front of it). */
    void cutPath(String dependency) throws Exception;

    /** Restores that path. */
    void restorePath(String dependency) throws Exception;
}
