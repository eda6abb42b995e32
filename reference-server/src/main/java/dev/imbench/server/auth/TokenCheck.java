package dev.imbench.server.auth;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;

/** The outcome of verifying a token. */
public sealed interface TokenCheck {

    /** The token is genuine, unexpired and issued for the claimed uid. */
    record Valid(String uid, DeviceType deviceType, long expiresAt) implements TokenCheck {
    }

    /** The token is refused; {@code code} is ERR_BAD_TOKEN, ERR_TOKEN_EXPIRED or ERR_UID_MISMATCH. */
    record Rejected(ErrorCode code, String reason) implements TokenCheck {
    }
}
