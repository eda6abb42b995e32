package dev.imbench.server;

import dev.imbench.server.push.PushNotifier;
import dev.imbench.server.push.RecordingPushNotifier;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.queue.InMemoryBusinessQueue;
import dev.imbench.server.route.InMemoryPresence;
import dev.imbench.server.route.Presence;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupTimelineStore;
import dev.imbench.server.store.InMemoryGroupStore;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.MessageStore;
import java.util.Objects;

/**
 * The back-end instances a server runs on. {@link #inMemory()} gives the embedded ones; MySQL/Redis
 * implementations are passed here without any change to the logic (the package
 * {@link dev.imbench.server.backends} chooses and opens them from configuration).
 *
 * @param messages message store
 * @param groups   group store
 * @param presence routing
 * @param notifier offline push
 * @param queue     business queues
 * @param timelines group timelines for read diffusion; must share the message store's msgid sequence
 */
public record ServerBackends(MessageStore messages, GroupStore groups, Presence presence, PushNotifier notifier,
                       BusinessQueue queue, GroupTimelineStore timelines) {

    /** Checks that none is null. */
    public ServerBackends {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(timelines, "timelines");
    }

    /** Fresh embedded back ends (the notifier is a {@link RecordingPushNotifier}). */
    public static ServerBackends inMemory() {
        InMemoryMessageStore store = new InMemoryMessageStore();
        return new ServerBackends(store, new InMemoryGroupStore(), new InMemoryPresence(),
                new RecordingPushNotifier(), new InMemoryBusinessQueue(), store);
    }

    /** A copy with another message store and the timelines sharing its sequence. */
    public ServerBackends withMessages(MessageStore m, GroupTimelineStore t) {
        return new ServerBackends(m, groups, presence, notifier, queue, t);
    }

    /** A copy with another presence. */
    public ServerBackends withPresence(Presence p) {
        return new ServerBackends(messages, groups, p, notifier, queue, timelines);
    }

    /** A copy with another notifier. */
    public ServerBackends withNotifier(PushNotifier n) {
        return new ServerBackends(messages, groups, presence, n, queue, timelines);
    }

    /** A copy with another business queue. */
    public ServerBackends withQueue(BusinessQueue q) {
        return new ServerBackends(messages, groups, presence, notifier, q, timelines);
    }
}
