package dev.imbench.serverfault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A restartable node's ports come from below the ephemeral range, where no outgoing connection takes them meanwhile. */
class StablePortsTest {

    @Test
    void shouldPinAGatesUnsetPortsBelowTheEphemeralRange() {
        Map<String, Object> gate = new LinkedHashMap<>(Map.of("role", "gate", "httpPort", 0));
        StablePorts.pin(gate);
        int tcp = (Integer) gate.get("tcpPort");
        int http = (Integer) gate.get("httpPort");
        for (int port : new int[] {tcp, http}) {
            assertTrue(port >= StablePorts.FIRST && port < StablePorts.ephemeralLow(), "port " + port);
        }
        assertNotEquals(tcp, http);
    }

    @Test
    void shouldLeaveSetPortsAloneAndGiveALogicNodeNoGatePort() {
        Map<String, Object> logic = new LinkedHashMap<>(Map.of("role", "logic", "linkPort", 0, "httpPort", 7070));
        StablePorts.pin(logic);
        assertFalse(logic.containsKey("tcpPort"));
        assertEquals(7070, logic.get("httpPort"));
        assertTrue((Integer) logic.get("linkPort") < StablePorts.ephemeralLow());
    }
}
