package dev.imbench.sim.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.load.ShardPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger file keeps what a shard saw, byte for byte as documented; a damaged file is refused with why. */
class LedgerFileTest {

    @TempDir
    Path dir;

    private Path written() throws IOException {
        long origin = System.nanoTime();
        GroupDirectory groups = new GroupDirectory(List.of(new int[] {3, 0, 1}));
        groups.bind(0, 55);
        DeliveryLedger l = new DeliveryLedger(4, groups, origin, i -> "u" + i, new ShardPlan(1, 2));
        long a = l.attempt(1, 2, origin + 5_000_000);
        l.sent(a, origin + 6_000_000);
        l.acked(a, origin + 7_000_000);
        l.attempt(3, 0, origin + 8_000_000); // never sent
        l.attempt(3, DeliveryLedger.c2g(0), origin + 10_000_000); // to the group, never sent
        l.arrived(1, ((long) 0 << 32) | 1, 77, true, origin + 9_000_000); // from shard 0's client 0
        Path f = dir.resolve(LedgerWriter.FILE);
        assertEquals(List.of(3L, 1L), Arrays.stream(LedgerWriter.write(l, f, Map.of("seed", 3))).boxed().toList());
        return f;
    }

    @Test
    void shouldReadBackTheGroupsAndEveryAttemptAndArrival() throws IOException {
        Path f = written();
        assertEquals(8 + 4 + headerLength(f) + 4 + (8 + 4 + 3 * 4) + 8 + 3 * 36 + 8 + 29, Files.size(f),
                "the documented record sizes");
        List<String> seen = new ArrayList<>();
        try (LedgerReader r = LedgerReader.open(f)) {
            assertEquals(3, r.header().get("seed").asInt());
            assertEquals(1, r.header().get("shardIndex").asInt());
            assertEquals(2, r.header().get("shardCount").asInt());
            assertEquals(1, r.header().get("groups").asInt());
            assertTrue(r.header().get("originEpochNanos").asLong() > 1_700_000_000_000_000_000L);
            assertEquals(1, r.groups().size());
            assertEquals(List.of(0, 1, 3), Arrays.stream(r.groups().members(0)).boxed().toList());
            assertEquals(55, r.groups().serverId(0), "the group's server id, which every shard must agree on");
            r.attempts((s, c, t, i, sent, acked) -> seen.add(s + ":" + c + "->" + t + " " + i / 1_000_000 + "/"
                    + (sent == LedgerWriter.NEVER ? "-" : sent / 1_000_000) + "/" + (acked == LedgerWriter.NEVER ? "-" : acked / 1_000_000)));
            r.arrivals((to, id, msgid, pull, at) -> seen.add(to + "<-" + id + " " + msgid + " " + pull + " " + at / 1_000_000));
        }
        assertEquals(List.of("1:1->2 5/6/7", "3:1->0 8/-/-", "3:2->-1 10/-/-", "1<-1 77 true 9"), seen);
    }

    @Test
    void shouldRefuseAGroupOfClientsOutsideTheRun() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);
        int groupsAt = 8 + 4 + headerLength(f);
        Path bad = dir.resolve("bad-member.bin");
        byte[] m = b.clone();
        m[groupsAt + 4 + 8 + 4 + 3] = 9; // the first member: client 9 of 4
        Files.write(bad, m);
        IOException e = assertThrows(IOException.class, () -> LedgerReader.open(bad));
        assertTrue(e.getMessage().contains("group 0 lists client 9 in a run of 4 clients"), e.getMessage());
        Path huge = dir.resolve("huge-group.bin");
        byte[] h = b.clone();
        h[groupsAt + 4 + 8] = 0x7f; // ~2 billion members: refused before anything is allocated
        Files.write(huge, h);
        e = assertThrows(IOException.class, () -> LedgerReader.open(huge));
        assertTrue(e.getMessage().contains("group 0 has 2130706435 members in a run of 4 clients"), e.getMessage());
    }

    private static int headerLength(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        return ((b[8] & 0xff) << 24) | ((b[9] & 0xff) << 16) | ((b[10] & 0xff) << 8) | (b[11] & 0xff);
    }

    @Test
    void shouldRefuseAForeignATruncatedAndAnOversizedFile() throws IOException {
        Path f = written();
        byte[] b = Files.readAllBytes(f);

        Path foreign = dir.resolve("foreign.bin");
        Files.writeString(foreign, "PK\u0003\u0004 not a ledger at all");
        assertTrue(assertThrows(IOException.class, () -> LedgerReader.open(foreign)).getMessage().contains("not an imbench ledger"));

        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(b, b.length - 10));
        try (LedgerReader r = LedgerReader.open(truncated)) {
            r.attempts((s, c, t, i, sent, acked) -> { });
            IOException e = assertThrows(IOException.class, () -> r.arrivals((to, id, msgid, pull, at) -> { }));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }

        Path huge = dir.resolve("huge.bin");
        byte[] h = b.clone();
        h[8] = 0x7f; // header length ~2 GB: refused before anything is allocated
        Files.write(huge, h);
        assertTrue(assertThrows(IOException.class, () -> LedgerReader.open(huge)).getMessage().contains("header of"));
    }

    @Test
    void shouldCallAnArrivalFromAnotherShardForeignNotUnexpected() {
        long origin = System.nanoTime();
        DeliveryLedger l = new DeliveryLedger(4, GroupDirectory.none(), origin, i -> "u" + i, new ShardPlan(0, 2));
        long mine = l.attempt(0, 1, origin + 1); // to shard 1's client: not judged here
        l.acked(mine, origin + 2);
        assertEquals(Arrival.Kind.FOREIGN, l.arrived(2, ((long) 1 << 32) | 1, 5, false, origin + 3).kind());
        assertEquals(Arrival.Kind.UNEXPECTED, l.arrived(2, ((long) 9 << 32) | 1, 6, false, origin + 4).kind(),
                "a sender outside the population is unexpected on any shard");
        DeliveryReport r = DeliveryChecker.check(l, true);
        assertEquals(1, r.attempted());
        assertEquals(0, r.expected(), "the recipient is on another shard: the merge judges it");
        assertEquals(0, r.lost());
        assertEquals(1, r.unexpected());
    }

    @Test
    void shouldForgetThePlantedPushFromAnotherShardAndItsLaterPullButNothingElse() throws IOException {
        long origin = System.nanoTime();
        DeliveryLedger l = new DeliveryLedger(4, GroupDirectory.none(), origin, i -> "u" + i, new ShardPlan(0, 2));
        l.plantLoss(1);
        long own = l.attempt(0, 2, origin + 1);
        l.acked(own, origin + 2);
        long fromOther = ((long) 1 << 32) | 1;
        long fromOtherToo = ((long) 3 << 32) | 1;
        assertEquals(Arrival.Kind.FIRST, l.arrived(2, own, 4, false, origin + 3).kind(), "own messages are never dropped");
        assertEquals(Arrival.Kind.DROPPED, l.arrived(2, fromOther, 5, false, origin + 4).kind());
        assertEquals(Arrival.Kind.DROPPED, l.arrived(2, fromOther, 5, true, origin + 5).kind(), "nor brought back by a pull");
        assertEquals(Arrival.Kind.FOREIGN, l.arrived(0, fromOther, 6, false, origin + 6).kind(), "another client kept it");
        assertEquals(Arrival.Kind.FOREIGN, l.arrived(2, fromOtherToo, 7, false, origin + 7).kind(), "one drop only");
        assertEquals(1, l.plantedDrops().size());
        assertEquals(List.of(2L, fromOther), Arrays.stream(l.plantedDrops().get(0)).boxed().toList());
        Path f = dir.resolve("planted.bin");
        LedgerWriter.write(l, f, Map.of());
        List<Long> kept = new ArrayList<>();
        try (LedgerReader r = LedgerReader.open(f)) {
            r.attempts((s, c, t, i, sent, acked) -> { });
            r.arrivals((to, id, msgid, pull, at) -> kept.add(msgid));
        }
        assertEquals(List.of(4L, 6L, 7L), kept, "the ledger file has no trace of the dropped arrivals");
        assertThrows(IllegalArgumentException.class,
                () -> new DeliveryLedger(4, GroupDirectory.none(), origin, i -> "u" + i).plantLoss(1),
                "a run of one process has no other shard");
    }
}
