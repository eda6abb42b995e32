package dev.imbench.server.logic;

import dev.imbench.server.ServerConfig;
import dev.imbench.server.auth.TokenVerifier;
import dev.imbench.server.metrics.ServerMetrics;
import dev.imbench.server.push.PushNotifier;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.route.Presence;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupTimelineStore;
import dev.imbench.server.store.MessageStore;
import java.time.Clock;

/**
 * What every flow needs: the config, the back ends, the way to reach a session, metrics and time.
 *
 * @param config    server settings
 * @param messages  message store
 * @param groups    group store (and member-list cache)
 * @param presence  routing
 * @param notifier  offline push
 * @param queue     c2s business queues
 * @param tokens    SSO token verifier
 * @param sessions  finds the session a route names
 * @param metrics   meters
 * @param clock     time source
 * @param timelines group timelines (read diffusion)
 */
public record LogicContext(ServerConfig config, MessageStore messages, GroupStore groups, Presence presence,
                           PushNotifier notifier, BusinessQueue queue, TokenVerifier tokens,
                           SessionDirectory sessions, ServerMetrics metrics, Clock clock,
                           GroupTimelineStore timelines) {
}
