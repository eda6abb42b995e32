package dev.imbench.server.logic;

import dev.imbench.server.FanoutMode;
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

    /**
     * Refuses read diffusion unless the timelines number their rows on the message store's msgid sequence: a pull
     * merges inbox and timelines under one msgid cursor, which only works on one sequence.
     *
     * @throws IllegalArgumentException for {@code fanoutMode: READ} with timelines off the store's sequence
     */
    public LogicContext {
        if (config.fanoutMode() == FanoutMode.READ && !timelines.sharesSequenceWith(messages)) {
            throw new IllegalArgumentException("fanoutMode READ is not supported on this message store ("
                    + messages.getClass().getSimpleName() + ") with these timelines (" + timelines.getClass().getSimpleName()
                    + "): read diffusion needs the group timelines on the store's own msgid sequence (storage: memory, "
                    + "or storage: mysql opened for read fan-out); use fanoutMode: WRITE");
        }
    }
}
