package dev.imbench.sim.load;

/**
 * Which client indexes one simulator shard runs: shard {@code index} of {@code count} owns the indexes
 * {@code i} with {@code i % count == index} (striping, so every shard gets an even share of the ramp,
 * of every network slice laid out by index, and of every schedule). Every shard builds the same global
 * plan from the same seed (who logs in when, who messages whom) and acts only for its own clients, so
 * shards need not talk to each other; a message to a client of another shard goes through the server
 * as in one process.
 *
 * @param index this shard, 0 .. count-1
 * @param count how many shards run the scenario
 */
public record ShardPlan(int index, int count) {

    /** One process runs every client. */
    public static final ShardPlan WHOLE = new ShardPlan(0, 1);

    /** Validates. */
    public ShardPlan {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": the index must be in 0.."
                    + (count - 1) + " and the count >= 1");
        }
    }

    /**
     * Parses {@code i/n} (e.g. {@code 2/4}).
     *
     * @throws IllegalArgumentException with what is wrong and what is expected
     */
    public static ShardPlan parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException("--shard takes INDEX/COUNT (e.g. 0/4), not '" + text + "'");
        }
        try {
            return new ShardPlan(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes INDEX/COUNT with whole numbers (e.g. 0/4), not '" + text + "'");
        }
    }

    /** Whether this shard runs client {@code client}. */
    public boolean owns(int client) {
        return client % count == index;
    }

    /** The shard that runs client {@code client}. */
    public int ownerOf(int client) {
        return client % count;
    }

    /** How many of {@code clients} indexes this shard runs. */
    public int size(int clients) {
        return clients / count + (index < clients % count ? 1 : 0);
    }

    /** Whether this is one shard of several (not the whole population in one process). */
    public boolean partial() {
        return count > 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
