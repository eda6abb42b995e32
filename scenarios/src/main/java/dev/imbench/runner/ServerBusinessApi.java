package dev.imbench.runner;

import dev.imbench.server.queue.BusinessMessage;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.sim.business.BusinessApi;
import dev.imbench.sim.business.HttpBusinessApi;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The business server of an in-process run: its pushes go through the reference server's HTTP API,
 * as a real business server's would; its consumer reads the c2s business line straight from the
 * server's queue (the memory queue, or the Redis Stream with its consumer group), as a business
 * server beside the queue would. The queue is looked up on every poll: a node the run's faults
 * restart opens a new one (the old one is closed with the node it belonged to).
 */
final class ServerBusinessApi implements BusinessApi, AutoCloseable {

    private final HttpBusinessApi http;
    private final Supplier<BusinessQueue> queue;

    /**
     * @param http  the server's business API
     * @param queue the running node's queue; throws {@link IllegalStateException} while the node is down
     */
    ServerBusinessApi(HttpBusinessApi http, Supplier<BusinessQueue> queue) {
        this.http = http;
        this.queue = queue;
    }

    @Override
    public int push(String uid, String business, String payload) throws IOException, InterruptedException {
        return http.push(uid, business, payload);
    }

    @Override
    public void warmUp() throws IOException, InterruptedException {
        http.warmUp();
    }

    @Override
    public List<Report> poll(String business, int max) {
        List<BusinessMessage> batch = queue.get().poll(business, max);
        List<Report> out = new ArrayList<>(batch.size());
        for (BusinessMessage m : batch) {
            out.add(new Report(m.from(), m.clientMsgId()));
        }
        return out;
    }

    @Override
    public void close() {
        http.close();
    }
}
