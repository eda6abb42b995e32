package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.CtrlPushResponse;
import dev.imbench.server.gate.FrameSink;
import dev.imbench.server.gate.Session;

/**
 * The logic service: dispatches each accepted frame to its flow and owns the delivery timer and the
 * ack buffer. Runs on the gate's event loop ({@link FrameSink}).
 */
public final class Logic implements FrameSink, AutoCloseable {

    private final LogicContext ctx;
    private final AckBuffer acks;
    private final DeliveryTimer timer;
    private final AuthLogic auth;
    private final C2cLogic c2c;
    private final C2gLogic c2g;
    private final PullLogic pull;
    private final CtrlLogic ctrl;
    private final BusinessLogic business;

    /** The logic over the back ends in {@code ctx}. */
    public Logic(LogicContext ctx) {
        this.ctx = ctx;
        DeliveryState state = new DeliveryState(ctx);
        this.acks = new AckBuffer(state::groupAck);
        this.timer = new DeliveryTimer(ctx, acks, state);
        Deliverer deliverer = new Deliverer(ctx);
        RecipientLocks locks = new RecipientLocks();
        this.auth = new AuthLogic(ctx);
        this.c2c = new C2cLogic(ctx, deliverer, timer, locks);
        this.c2g = new C2gLogic(ctx, deliverer, timer, locks);
        this.pull = new PullLogic(ctx, new GroupTimelines(ctx));
        this.ctrl = new CtrlLogic(ctx, deliverer, locks);
        this.business = new BusinessLogic(ctx, deliverer);
    }

    @Override
    public void onFrame(Session s, Frame f) {
        if (!s.isOpen() && isRequest(f.cmd())) {
            // Its connection closed while it waited (a busy lane behind a slow store): its answer cannot arrive,
            // and the client resends what was not acked on its next connection. Working it off would only
            // delay the requests of live connections queued behind it.
            ctx.metrics().staleRequestDropped();
            return;
        }
        switch (f.cmd()) {
            case AUTH_REQ -> auth.auth(s, f);
            case LOGOUT_REQ -> auth.logout(s, f);
            case C2C_SEND_REQ -> c2c.send(s, f);
            case C2C_PUSH_RESP -> ctx.messages().markDelivered(s.uid(), f.bodyAs(C2CPushResponse.class).getMsgid());
            case C2G_SEND_REQ -> c2g.send(s, f);
            case C2G_PUSH_RESP -> acks.add(s.uid(), f.bodyAs(C2GPushResponse.class).getMsgid());
            case PULL_REQ -> pull.pull(s, f);
            case CTRL_SEND_REQ -> ctrl.send(s, f);
            case CTRL_PUSH_RESP -> ctx.messages().markDelivered(s.uid(), f.bodyAs(CtrlPushResponse.class).getMsgid());
            case C2S_SEND_REQ -> business.c2s(s, f);
            case S2C_PUSH_RESP -> business.s2cAck(s, f);
            default -> {
                // KICKOUT_RESP and anything else the gate let through needs no answer.
            }
        }
    }

    /**
     * A request only its answer gives a result for: dropped when its connection is gone. Acks of pushes and logout
     * carry information (delivered, token revoked) and run whatever the connection.
     */
    private static boolean isRequest(CmdId cmd) {
        return switch (cmd) {
            case AUTH_REQ, C2C_SEND_REQ, C2G_SEND_REQ, PULL_REQ, CTRL_SEND_REQ, C2S_SEND_REQ -> true;
            default -> false;
        };
    }

    @Override
    public void onClosed(Session s) {
        auth.closed(s);
        pull.closed(s);
    }

    /** The business-push entry point (used by the HTTP API). */
    public BusinessLogic business() {
        return business;
    }

    /** Writes buffered delivery acks to the store; returns the rows changed. */
    public int flushAcks() {
        return acks.flush();
    }

    /** Stops the timer and flushes the ack buffer (if the store refuses, the unflushed acks are dropped). */
    @Override
    public void close() {
        timer.close();
        try {
            acks.flush();
        } catch (RuntimeException e) {
            // Closing must go on; a lost delivered flag only means the row may be pushed again after a pull.
        }
    }
}
