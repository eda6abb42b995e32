package dev.imbench.server.gate;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.ErrorCode;

/**
 * What the gate refuses before the logic sees a request, the same on every back end: a content above
 * {@code maxContentLength} bytes ({@code ERR_BODY_TOO_LARGE}: a push or pull page carrying it would not
 * fit a frame), a recipient, member or business line name outside {@link Identifiers}, a group id that
 * is not a positive number, a group name too long for the store, and a member list above the group size
 * limit ({@code ERR_MALFORMED_FRAME}). The sender's uid was checked at login.
 *
 * @param maxContentLength largest content / payload in bytes
 * @param maxGroupMembers  largest member count a group may reach (also checked when members are added)
 */
public record RequestRules(int maxContentLength, int maxGroupMembers) {

    /** Why a request is refused. */
    public record Refusal(ErrorCode code, String message) {
    }

    /** Null when {@code f} may go to the logic, else why not. */
    public Refusal check(Frame f) {
        return switch (f.body()) {
            case C2CSendRequest r -> first(content(r.getContent().length(), r.getContentBytes().size()),
                    name("to", r.getTo()));
            case C2GSendRequest r -> first(content(r.getContent().length(), r.getContentBytes().size()),
                    r.getGroup() > 0 ? null : malformed("group must be a positive group id"));
            case CtrlSendRequest r -> first(content(r.getContent().length(), r.getContentBytes().size()), ctrl(r));
            case C2SSendRequest r -> first(content(r.getPayload().size(), r.getPayload().size()),
                    name("business", r.getBusiness()));
            default -> null;
        };
    }

    private Refusal ctrl(CtrlSendRequest r) {
        if (r.getType() != CtrlSendRequest.Type.CREATE_GROUP && !groupId(r.getTo())) {
            return malformed("to must be a positive group id in decimal (got " + Identifiers.shown(r.getTo()) + ")");
        }
        return switch (r.getType()) {
            case CREATE_GROUP -> r.getContent().length() <= Identifiers.MAX_GROUP_NAME_LENGTH ? null
                    : malformed("a group name has at most " + Identifiers.MAX_GROUP_NAME_LENGTH + " characters");
            case GROUP_ADDMEMBERS -> members(r.getContent());
            default -> null;
        };
    }

    private Refusal members(String list) {
        int n = 0;
        for (String uid : list.split(",", -1)) {
            String u = uid.trim();
            if (u.isEmpty()) {
                continue;
            }
            if (!Identifiers.valid(u)) {
                return malformed(Identifiers.problem("a member uid", u));
            }
            n++;
        }
        return n <= maxGroupMembers ? null
                : malformed(n + " members in one request; a group has at most " + maxGroupMembers);
    }

    private static boolean groupId(String to) {
        if (to.isEmpty() || to.length() > 19) {
            return false;
        }
        for (int i = 0; i < to.length(); i++) {
            if (to.charAt(i) < '0' || to.charAt(i) > '9') {
                return false;
            }
        }
        return Long.parseLong(to) > 0;
    }

    private Refusal content(int chars, int bytes) {
        // chars ≤ bytes in UTF-8: the cheap test first, the byte count only when it could matter.
        return chars <= maxContentLength && bytes <= maxContentLength ? null
                : new Refusal(ErrorCode.ERR_BODY_TOO_LARGE, "content is " + bytes + " bytes; at most "
                        + maxContentLength + " (maxContentLength), so that its push and pull page fit a frame");
    }

    private static Refusal name(String what, String value) {
        String problem = Identifiers.problem(what, value);
        return problem == null ? null : malformed(problem);
    }

    private static Refusal malformed(String message) {
        return new Refusal(ErrorCode.ERR_MALFORMED_FRAME, message);
    }

    private static Refusal first(Refusal a, Refusal b) {
        return a != null ? a : b;
    }
}
