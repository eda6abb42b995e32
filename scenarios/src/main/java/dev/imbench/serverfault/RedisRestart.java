package dev.imbench.serverfault;

import dev.imbench.server.backends.RedisProcess;

/**
 * {@code restart-redis}: the private redis-server is SIGKILLed at the fault's start and started again,
 * empty, at its end (its duration is the outage).
 */
record RedisRestart(RedisProcess redis) implements ServerFault {

    @Override
    public String apply() {
        redis.kill();
        return "redis-server at " + redis.url() + " killed (SIGKILL)";
    }

    @Override
    public String lift() throws Exception {
        redis.restart();
        return "redis-server at " + redis.url() + " started again, empty";
    }
}
