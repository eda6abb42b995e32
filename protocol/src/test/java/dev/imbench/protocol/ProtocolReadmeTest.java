package dev.imbench.protocol;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.protocol.pb.CmdId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The cmdId table in protocol/README.md and the CmdId enum must agree, row for row. */
class ProtocolReadmeTest {

    static Path readme() {
        Path p = Path.of("README.md");
        return Files.exists(p) ? p : Path.of("protocol", "README.md");
    }

    @Test
    void shouldDocumentEveryCmdIdWithItsNumber() throws IOException {
        Pattern row = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|\\s*`([A-Z0-9_]+)`\\s*\\|", Pattern.MULTILINE);
        Matcher m = row.matcher(Files.readString(readme()));
        Map<String, Integer> documented = new TreeMap<>();
        while (m.find()) {
            documented.put(m.group(2), Integer.parseInt(m.group(1)));
        }
        Map<String, Integer> declared = new TreeMap<>();
        for (CmdId c : CmdId.values()) {
            if (c != CmdId.UNRECOGNIZED && c != CmdId.CMD_UNSPECIFIED) {
                declared.put(c.name(), c.getNumber());
            }
        }
        assertEquals(declared, documented);
    }
}
