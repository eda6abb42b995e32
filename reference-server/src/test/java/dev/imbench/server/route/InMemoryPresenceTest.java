package dev.imbench.server.route;

/** The presence contract on the embedded implementation. */
class InMemoryPresenceTest extends PresenceContract {

    @Override
    protected Presence newPresence() {
        return new InMemoryPresence();
    }
}
