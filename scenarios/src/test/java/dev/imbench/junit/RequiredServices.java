package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;

/** Tests on the real MariaDB and Redis: skipped with a reason when they are not running, failed when CI=true. */
public final class RequiredServices {

    private RequiredServices() {
    }

    /** Skips (or, with CI=true, fails) the calling test unless MariaDB on :3306 and Redis on :6379 answer. */
    public static void mysqlAndRedis(String skipping) {
        require(skipping, 3306, 6379);
    }

    /** Skips (or, with CI=true, fails) the calling test unless Redis on :6379 answers. */
    public static void redis(String skipping) {
        require(skipping, 6379);
    }

    private static void require(String skipping, int... ports) {
        for (int port : ports) {
            boolean up;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                up = true;
            } catch (Exception e) {
                up = false;
            }
            String what = port == 3306 ? "MariaDB/MySQL on 127.0.0.1:3306" : "Redis on 127.0.0.1:6379";
            if (!up && "true".equals(System.getenv("CI"))) {
                fail("CI=true but " + what + " is not reachable");
            }
            Assumptions.assumeTrue(up, what + " is not reachable: " + skipping + " skipped");
        }
    }
}
