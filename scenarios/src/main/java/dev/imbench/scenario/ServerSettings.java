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
 * @param gates       in-process gates (clients spread over them, client i on gate i % gates)
 * @param logicNodes  in-process logic nodes joined to the gates by the internal link; 0 = gate and
 *                    logic in one server (the split topology needs storage mysql and routing redis)
 * @param processes   whether the runner starts each gate and logic node of the split topology as a
 *                    process of its own ({@code imbench server}) instead of in its JVM: a kill is then a
 *                    SIGKILL
 */
public record ServerSettings(String storage, String routing, String fanout, int shards, String iplistUrl,
                             String toxiproxyUrl, int gates, int logicNodes, boolean processes) {
    /** The in-process server on embedded back ends. */
    public static final ServerSettings EMBEDDED = new ServerSettings("memory", "memory", "write", 4, "", "", 1, 0, false);

    /** Whether the runner starts the reference server in-process. */
    public boolean inProcess() {
        return iplistUrl.isEmpty();
    }

    /** Whether gates and logic run as separate nodes (the split topology). */
    public boolean split() {
        return logicNodes > 0;
    }
}
