package dev.imbench.sim.client;

import dev.imbench.protocol.pb.DeviceType;
import java.io.IOException;

/** Where a client gets its SSO token before each login. Thread-safe. */
@FunctionalInterface
public interface TokenSource {

    /** A token for the uid and device type. */
    String token(String uid, DeviceType deviceType) throws IOException;
}
