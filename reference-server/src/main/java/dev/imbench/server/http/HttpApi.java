package dev.imbench.server.http;

import dev.imbench.server.ServerConfig;
import dev.imbench.server.auth.TokenIssuer;
import dev.imbench.server.logic.BusinessLogic;
import dev.imbench.server.queue.BusinessQueue;
import java.util.List;
import java.util.Map;

/** What the HTTP API needs from the process that serves it (and nothing else of it). */
public interface HttpApi {

    /** The settings (limits, SSO mode, timeouts). */
    ServerConfig config();

    /** Issues SSO tokens. */
    TokenIssuer tokens();

    /** The {@code /iplist} entries: {@code id}, and {@code tcp}, {@code ws}, {@code local} where present. */
    List<Map<String, Object>> gates();

    /** The business-push entry point, or null on a process without the logic (a gate of the split topology). */
    BusinessLogic business();

    /** The c2s business queues. */
    BusinessQueue queue();

    /** All meters in Prometheus text format. */
    String scrapeMetrics();
}
