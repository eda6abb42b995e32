package dev.imbench.server.push;

/** Sends offline push notifications; called from a timer thread, must not block for long. */
public interface PushNotifier {

    /** Notifies {@code notice.uid()} that a message waits. */
    void notifyOffline(OfflineNotice notice);
}
