package dev.imbench.server;

import dev.imbench.server.push.PushNotifier;
import dev.imbench.server.push.RecordingPushNotifier;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.queue.InMemoryBusinessQueue;
import dev.imbench.server.route.InMemoryPresence;
import dev.imbench.server.route.Presence;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.InMemoryGroupStore;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.MessageStore;
import java.util.Objects;

/**
 * The back ends a server runs on. {@link #inMemory()} gives the embedded ones; MySQL/Redis
 * implementations are passed here without any change to the logic.
 *
 * @param messages message store
 * @param groups   group store
 * @param presence routing
 * @param notifier offline push
 * @param queue    business queues
 */
public record Backends(MessageStore messages, GroupStore groups, Presence presence, PushNotifier notifier,
                       BusinessQueue queue) {

    /** Checks that none is null. */
    public Backends {
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(presence, "presence");
        Objects.requireNonNull(notifier, "notifier");
        Objects.requireNonNull(queue, "queue");
    }

    /** Fresh embedded back ends (the notifier is a {@link RecordingPushNotifier}). */
    public static Backends inMemory() {
        return new Backends(new InMemoryMessageStore(), new InMemoryGroupStore(), new InMemoryPresence(),
                new RecordingPushNotifier(), new InMemoryBusinessQueue());
    }

    /** A copy with another message store. */
    public Backends withMessages(MessageStore m) {
        return new Backends(m, groups, presence, notifier, queue);
    }

    /** A copy with another presence. */
    public Backends withPresence(Presence p) {
        return new Backends(messages, groups, p, notifier, queue);
    }

    /** A copy with another notifier. */
    public Backends withNotifier(PushNotifier n) {
        return new Backends(messages, groups, presence, n, queue);
    }

    /** A copy with another business queue. */
    public Backends withQueue(BusinessQueue q) {
        return new Backends(messages, groups, presence, notifier, q);
    }
}
