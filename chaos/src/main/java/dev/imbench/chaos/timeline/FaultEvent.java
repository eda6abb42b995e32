package dev.imbench.chaos.timeline;

import java.util.OptionalLong;

/**
 * A performed action as an {@code events.jsonl} line (docs/run-directory.md): {@code t} and
 * {@code end} run-relative ms, {@code type} one of fault, kill, note.
 *
 * @param t      when it was performed
 * @param type   {@code fault}, {@code kill} or {@code note} (a failed action)
 * @param name   fault name (pairs of start/end share it)
 * @param detail what happened ({@code removed} ends a fault)
 * @param end    the fault's planned end, when the timeline has one
 */
public record FaultEvent(long t, String type, String name, String detail, OptionalLong end) {

    /** The JSON line (no trailing newline). */
    public String toJsonLine() {
        StringBuilder sb = new StringBuilder("{\"t\": ").append(t).append(", \"type\": ").append(quote(type))
            .append(", \"name\": ").append(quote(name)).append(", \"detail\": ").append(quote(detail));
        end.ifPresent(e -> sb.append(", \"end\": ").append(e));
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
