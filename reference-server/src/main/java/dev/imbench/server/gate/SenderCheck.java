package dev.imbench.server.gate;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.LogoutRequest;
import dev.imbench.protocol.pb.PullRequest;

/**
 * The gate's anti-forgery rule: a send's {@code from} must be the session's uid; a pull's or logout's
 * {@code uid} must be the session's uid or empty (meaning "mine").
 */
final class SenderCheck {

    private SenderCheck() {
    }

    /** Whether the frame claims to come from someone other than {@code uid}. */
    static boolean forged(Frame f, String uid) {
        return switch (f.body()) {
            case C2CSendRequest r -> !uid.equals(r.getFrom());
            case C2GSendRequest r -> !uid.equals(r.getFrom());
            case CtrlSendRequest r -> !uid.equals(r.getFrom());
            case C2SSendRequest r -> !uid.equals(r.getFrom());
            case PullRequest r -> !r.getUid().isEmpty() && !uid.equals(r.getUid());
            case LogoutRequest r -> !r.getUid().isEmpty() && !uid.equals(r.getUid());
            default -> false;
        };
    }
}
