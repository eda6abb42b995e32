package dev.imbench.runner;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ToxicProxy;
import dev.imbench.chaos.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The clients' proxies as {@link ToxicProxy} instances in this JVM, on two shared event loops. */
final class EmbeddedProxies implements ClientProxies {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<ToxicProxy> opened = new ArrayList<>();

    @Override
    public synchronized Proxy open(String name, InetSocketAddress upstream, long seed, List<ToxicSpec> toxics) {
        ToxicProxy p = new ToxicProxy(group, new HostPort("127.0.0.1", 0),
                new HostPort(upstream.getHostString(), upstream.getPort()), seed);
        p.setToxics(toxics);
        p.start();
        opened.add(p);
        return new Proxy() {
            @Override
            public InetSocketAddress listen() {
                return new InetSocketAddress("127.0.0.1", p.listen().port());
            }

            @Override
            public void setToxics(List<ToxicSpec> t) {
                p.setToxics(t);
            }

            @Override
            public void down() {
                p.stop();
            }

            @Override
            public void up() {
                p.start();
            }
        };
    }

    @Override
    public String description() {
        return "embedded proxies";
    }

    @Override
    public synchronized void close() {
        opened.forEach(ToxicProxy::stop);
        opened.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
