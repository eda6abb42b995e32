package dev.imbench.sim.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.protocol.pb.ErrorCode;
import org.junit.jupiter.api.Test;

/** errors.csv: the error answers of each second by code, so a fault window can say which errors it caused. */
class SimCountersTest {

    @Test
    void shouldCountErrorsBySecondAndCode() {
        // A run that started 3.5 s ago: every error now falls into second 3.
        SimCounters c = new SimCounters(System.nanoTime() - 3_500_000_000L);
        c.error(ErrorCode.ERR_STORE_FAILED);
        c.error(ErrorCode.ERR_STORE_FAILED);
        c.error(ErrorCode.ERR_OVERLOADED);
        String csv = c.errorsCsv();
        String[] lines = csv.split("\n");
        assertEquals("second,code,count", lines[0]);
        assertEquals(3, lines.length, csv);
        assertEquals("3,ERR_STORE_FAILED,2", lines[1]);
        assertEquals("3,ERR_OVERLOADED,1", lines[2]);
        assertEquals("second,code,count\n", new SimCounters().errorsCsv(), "no error: the header alone");
    }
}
