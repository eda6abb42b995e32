package dev.imbench.server.store.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connection URL of a shard: the product's driver settings, each overridable by the shard URL's own. */
class MysqlShardsUrlTest {

    private static List<String> params(String url) {
        return Arrays.asList(url.substring(url.indexOf('?') + 1).split("&"));
    }

    @Test
    void shouldAddEveryDriverDefaultToABareShardUrl() {
        String url = MysqlShards.withParams("jdbc:mysql://h:3306/db");
        assertTrue(url.startsWith("jdbc:mysql://h:3306/db?"), url);
        MysqlShards.DRIVER_DEFAULTS.forEach((k, v) -> assertTrue(params(url).contains(k + "=" + v), url));
    }

    @Test
    void shouldLetTheShardUrlsOwnSettingWinOverTheDefault() {
        String url = MysqlShards.withParams("jdbc:mysql://h:3306/db?socketTimeout=500&characterEncoding=UTF-8");
        assertTrue(params(url).contains("socketTimeout=500"), url);
        assertFalse(params(url).contains("socketTimeout=10000"), "the default is not added beside the URL's: " + url);
        assertTrue(params(url).contains("characterEncoding=UTF-8"), url);
        assertEquals(1, params(url).stream().filter(p -> p.startsWith("socketTimeout=")).count(), url);
    }
}
