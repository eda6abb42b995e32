package dev.imbench.server.push;

/**
 * What an offline push would carry: a hint that makes the app pull.
 *
 * @param uid      recipient
 * @param msgid    the undelivered row's id in the recipient's inbox
 * @param from     sender uid
 * @param group    group id, 0 for c2c
 * @param preview  the message text (a real notifier would truncate it)
 * @param notifiedAt epoch ms the timer fired
 */
public record OfflineNotice(String uid, long msgid, String from, long group, String preview, long notifiedAt) {
}
