package dev.imbench.server.route;

import dev.imbench.protocol.pb.DeviceType;

/**
 * Where one device of a user is connected.
 *
 * @param uid         user id
 * @param deviceType  the device's type; one route per (uid, device type)
 * @param gateId      the gate holding the connection
 * @param sessionId   the gate-local session (channel) id
 * @param connectedAt epoch ms of the auth
 */
public record Route(String uid, DeviceType deviceType, String gateId, long sessionId, long connectedAt) {
}
