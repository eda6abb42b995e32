package dev.imbench.chaos.api;

import dev.imbench.chaos.proxy.ToxicProxy;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.List;

/** A named proxy of the API with its ordered toxics; guarded by the {@link ProxyStore} lock. */
final class ManagedProxy {

    final String name;
    final ToxicProxy proxy;
    final List<ToxicSpec> toxics = new ArrayList<>();

    ManagedProxy(String name, ToxicProxy proxy) {
        this.name = name;
        this.proxy = proxy;
    }

    ToxicSpec toxic(String toxicName) {
        return toxics.stream().filter(t -> t.name().equals(toxicName)).findFirst()
            .orElseThrow(() -> ApiException.notFound("toxic not found"));
    }

    void publish() {
        proxy.setToxics(toxics);
    }
}
