package dev.imbench.reports;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** Copies the checked-in golden run directory (a real c2c run plus two fault events) to a scratch place. */
final class GoldenRun {

    private GoldenRun() {
    }

    static Path copyTo(Path target) throws IOException, URISyntaxException {
        return dev.imbench.reports.summary.GoldenDirs.copy("golden-run", target);
    }
}
