package dev.imbench.scenario;

/**
 * Which server the run targets and how it is set up.
 *
 * @param storage     message store: {@code memory} or {@code mysql}
 * @param routing     presence and routing: {@code memory} or {@code redis}
 * @param fanout      group fan-out: {@code write} (diffusion) or {@code read}
 * @param shards      message-store shards (MySQL)
 * @param iplistUrl   attach to external gates found through this iplist URL instead of
 *                    starting the in-process server (empty: in-process)
 * @param toxiproxyUrl use this external Toxiproxy instead of the embedded one (empty: embedded)
 */
public record ServerSettings(String storage, String routing, String fanout, int shards, String iplistUrl,
                             String toxiproxyUrl) {
    /** The in-process server on embedded back ends. */
    public static final ServerSettings EMBEDDED = new ServerSettings("memory", "memory", "write", 4, "", "");

    /** Whether the runner starts the reference server in-process. */
    public boolean inProcess() {
        return iplistUrl.isEmpty();
    }
}
