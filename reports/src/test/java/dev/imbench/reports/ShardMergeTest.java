package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.sim.ledger.Arrival;
import dev.imbench.sim.ledger.DeliveryChecker;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.GroupDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of shards judges delivery over all ledgers: a message between two shards that the recipient's
 * shard never saw is lost in the merge, though neither shard alone can tell; and the merge refuses what
 * is not every shard of one run.
 */
class ShardMergeTest {

    @TempDir
    Path dir;

    /** Two shards of 4 clients: shard 0 has clients 0 and 2, shard 1 has 1 and 3. */
    private ShardLedgers[] twoShards(boolean dropOne) {
        ShardLedgers s0 = new ShardLedgers(0, 2, 4);
        ShardLedgers s1 = new ShardLedgers(1, 2, 4);
        long local = s0.sendAcked(0, 2, 10);           // within shard 0
        long cross1 = s0.sendAcked(0, 1, 20);          // shard 0 -> shard 1
        long cross2 = s1.sendAcked(3, 2, 30);          // shard 1 -> shard 0
        long cross3 = s0.sendAcked(2, 3, 40);          // shard 0 -> shard 1: the one a hostile recipient drops
        assertEquals(Arrival.Kind.FIRST, s0.ledger().arrived(2, local, 100, false, s0.at(12)).kind());
        assertEquals(Arrival.Kind.FOREIGN, s1.ledger().arrived(1, cross1, 101, false, s1.at(25)).kind());
        assertEquals(Arrival.Kind.FOREIGN, s0.ledger().arrived(2, cross2, 102, false, s0.at(33)).kind());
        if (!dropOne) {
            s1.ledger().arrived(3, cross3, 103, false, s1.at(44));
        }
        return new ShardLedgers[] {s0, s1};
    }

    private List<Path> written(ShardLedgers... shards) throws Exception {
        Path[] dirs = new Path[shards.length];
        for (int i = 0; i < shards.length; i++) {
            dirs[i] = GoldenRun.copyTo(dir.resolve("shard" + i));
            shards[i].writeTo(dirs[i]);
        }
        return List.of(dirs);
    }

    private JsonNode merged(List<Path> shards) {
        Path out = dir.resolve("merged");
        ShardMerger.merge(shards, out);
        return RunReader.read(out).delivery();
    }

    @Test
    void shouldFindALostCrossShardMessageThatNoShardSees() throws Exception {
        ShardLedgers[] shards = twoShards(true);
        for (ShardLedgers s : shards) {
            DeliveryReport alone = DeliveryChecker.check(s.ledger(), true);
            assertEquals(0, alone.lost(), "a shard alone judges only its own clients' messages to its own clients");
            assertEquals(0, alone.unexpected(), "an arrival from another shard is not unexpected");
        }
        JsonNode d = merged(written(shards));
        assertEquals(4, d.get("attempted").asLong());
        assertEquals(4, d.get("expected").asLong());
        assertEquals(3, d.get("delivered").asLong());
        assertEquals(1, d.get("lost").asLong());
        assertEquals("invalid", d.get("verdict").asText());
        assertEquals("u2", d.at("/examples/lost/0/from").asText());
        assertEquals("u3", d.at("/examples/lost/0/to").asText());
        JsonNode cross = d.at("/shards/crossShard");
        assertEquals(3, cross.get("attempted").asLong());
        assertEquals(2, cross.get("delivered").asLong());
        assertEquals(1, cross.get("lost").asLong());
        assertEquals(0.2, cross.at("/e2e/clockBoundMs").asDouble(), 1e-9, "the two shards' offset bounds added");
    }

    @Test
    void shouldJudgeTheSameMessagesValidWhenNothingIsDropped() throws Exception {
        List<Path> shards = written(twoShards(false));
        long ownE2e = shards.stream().mapToLong(s -> e2eCount(s)).sum();
        JsonNode d = merged(shards);
        assertEquals(ownE2e + 3, e2eCount(dir.resolve("merged")),
                "the merged e2e log adds the 3 cross-shard arrivals no shard's own log holds");
        assertEquals("valid", d.get("verdict").asText(), d.toString());
        assertEquals(4, d.get("delivered").asLong());
        assertEquals(3, d.at("/shards/crossShard/delivered").asLong());
        assertEquals(3, d.at("/shards/crossShard/e2e/count").asLong(), "every cross-shard first arrival is timed");
        double p50 = d.at("/shards/crossShard/e2e/corrected/p50").asDouble();
        assertTrue(p50 >= 3 && p50 <= 7, "sent at 20, 30, 40 ms, arrived 5, 3, 4 ms later on the other shard's clock: " + p50);
    }

    /** One group of clients 0..5 (server id 900) over three shards: shard 0 has 0 and 3, 1 has 1 and 4, 2 has 2 and 5. */
    private static ShardLedgers[] threeShardsWithAGroup(long serverId) {
        ShardLedgers[] s = new ShardLedgers[3];
        for (int i = 0; i < 3; i++) {
            GroupDirectory g = new GroupDirectory(List.of(new int[] {0, 1, 2, 3, 4, 5}));
            g.bind(0, i == 2 ? serverId : 900);
            s[i] = new ShardLedgers(i, 3, 6, g);
        }
        return s;
    }

    @Test
    void shouldJudgeEveryMembersCopyOfAGroupMessageAcrossShards() throws Exception {
        ShardLedgers[] s = threeShardsWithAGroup(900);
        long m = s[1].sendAckedToGroup(4, 0, 10); // expected at members 0, 1, 2, 3, 5 (1 is on its shard)
        int[] got = {0, 1, 2, 3};                   // member 5 (shard 2) acked the push and lost it
        for (int member : got) {
            s[member % 3].ledger().arrived(member, m, 500 + member, false, s[member % 3].at(14));
        }
        s[1].ledger().arrived(4, m, 504, false, s[1].at(12)); // the sender's own echo: not a delivery
        for (ShardLedgers x : s) {
            assertEquals(0, DeliveryChecker.check(x.ledger(), true).lost(), "no shard alone sees member 5's loss");
        }
        JsonNode d = merged(written(s));
        assertEquals(1, d.get("attempted").asLong());
        assertEquals(5, d.get("expected").asLong(), "every member but the sender, on whichever shard");
        assertEquals(4, d.get("delivered").asLong());
        assertEquals(1, d.get("lost").asLong());
        assertEquals("u5", d.at("/examples/lost/0/to").asText());
        assertEquals(900, d.at("/examples/lost/0/group").asLong(), d.at("/examples/lost/0").toString());
        assertEquals(0, d.get("unexpected").asLong());
        JsonNode cross = d.at("/shards/crossShard");
        assertEquals(1, cross.get("attempted").asLong(), "one message with members on other shards");
        assertEquals(4, cross.get("expected").asLong(), "members 0, 2, 3, 5 are not on the sender's shard");
        assertEquals(3, cross.get("delivered").asLong());
        assertEquals(1, cross.get("lost").asLong());
    }

    @Test
    void shouldRefuseShardsThatDisagreeOnAGroupsServerId() throws Exception {
        String why = refusal(written(threeShardsWithAGroup(901)));
        assertTrue(why.contains("has other groups than") && why.contains("group 0"), why);
    }

    private static long e2eCount(Path run) {
        return RunReader.read(run).latency().get("e2e").corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
    }

    private String refusal(List<Path> shards) {
        return assertThrows(IllegalArgumentException.class, () -> ShardMerger.merge(shards, dir.resolve("refused")))
                .getMessage();
    }

    @Test
    void shouldRefuseShardsOfDifferentScenarios() throws Exception {
        ShardLedgers[] s = twoShards(false);
        s[1].with("scenario", "other");
        assertTrue(refusal(written(s)).contains("different scenarios"));
    }

    @Test
    void shouldRefuseShardsOfDifferentSeeds() throws Exception {
        ShardLedgers[] s = twoShards(false);
        s[1].with("seed", 2L);
        String why = refusal(written(s));
        assertTrue(why.contains("different seeds") && why.contains("seed 1") && why.contains("seed 2"), why);
    }

    @Test
    void shouldRefuseTwoSequentialRunsWithTheSameSeed() throws Exception {
        ShardLedgers[] s = twoShards(false);
        s[1].with("agreedStartEpochMs", ShardLedgers.START + 60_000);
        String why = refusal(written(s));
        assertTrue(why.contains("shards of different runs"), why);
        assertTrue(!Files.exists(dir.resolve("refused/run.json")), "nothing merged");
    }

    @Test
    void shouldRefuseAMissingIndex() throws Exception {
        ShardLedgers[] s = {new ShardLedgers(0, 3, 6), new ShardLedgers(2, 3, 6)};
        String why = refusal(written(s));
        assertTrue(why.contains("shard [1] of 3 missing"), why);
    }

    @Test
    void shouldRefuseTwoShardsWithOneIndex() throws Exception {
        ShardLedgers[] s = {new ShardLedgers(0, 2, 4), new ShardLedgers(1, 2, 4), new ShardLedgers(1, 2, 4)};
        String why = refusal(written(s));
        assertTrue(why.contains("are both shard 1 of 2"), why);
    }

    @Test
    void shouldRefuseALedgerThatHoldsAnotherShardsClient() throws Exception {
        ShardLedgers s0 = new ShardLedgers(0, 2, 4);
        ShardLedgers s1 = new ShardLedgers(1, 2, 4);
        s1.ledger().attempt(0, 1, s1.at(1)); // client 0 belongs to shard 0
        String why = refusal(written(s0, s1));
        assertTrue(why.contains("not a client of shard 1"), why);
    }
}
