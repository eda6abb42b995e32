package dev.imbench.bench.server;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.ServerBackends;
import dev.imbench.server.BackpressurePolicy;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.auth.HmacTokenService;
import dev.imbench.server.gate.GateHandler;
import dev.imbench.server.gate.SessionTable;
import dev.imbench.server.logic.Logic;
import dev.imbench.server.logic.LogicContext;
import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;

/**
 * The gate handler + logic + in-memory back ends wired as in {@code ImServer}, with clients as
 * EmbeddedChannels: what a benchmark measures is the server's work per frame, without sockets or codec.
 */
final class LogicHarness implements AutoCloseable {

    final ServerBackends backends = ServerBackends.inMemory();
    final Logic logic;
    private final GateHandler gate;
    private final HmacTokenService tokens;

    LogicHarness(ServerConfig config) {
        ServerMetrics metrics = new ServerMetrics(config.gateId());
        SessionTable sessions = new SessionTable(config.gateId(), metrics);
        tokens = new HmacTokenService(config.tokenSecret(), config.tokenTtl(), Clock.systemUTC());
        LogicContext ctx = new LogicContext(config, backends.messages(), backends.groups(), backends.presence(),
                backends.notifier(), backends.queue(), tokens,
                r -> sessions.find(r.sessionId()), metrics, Clock.systemUTC(), backends.timelines());
        logic = new Logic(ctx);
        gate = new GateHandler(sessions, logic, metrics, BackpressurePolicy.PAUSE_READ, config.requestRules());
    }

    /** An authenticated client channel for {@code uid}. */
    EmbeddedChannel client(String uid) {
        EmbeddedChannel ch = new EmbeddedChannel(gate);
        ch.writeInbound(Frame.of(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid(uid)
                .setToken(tokens.issue(uid, DeviceType.IOS)).build()));
        Frame resp = ch.readOutbound();
        if (resp == null || resp.cmd() != CmdId.AUTH_RESP) {
            throw new IllegalStateException("auth failed for " + uid + ": " + resp);
        }
        return ch;
    }

    @Override
    public void close() {
        logic.close();
    }
}
