package dev.imbench.chaos.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilesTest {

    @Test
    void shouldOfferTheDocumentedProfiles() {
        assertEquals(List.of("2g", "3g", "4g", "lossy-wifi", "subway", "elevator", "handover", "slow-close"),
            List.copyOf(Profiles.names()));
        for (String n : Profiles.names()) {
            Profile p = Profiles.get(n);
            assertFalse(p.toxics().isEmpty(), n);
            assertFalse(p.source().isBlank(), n);
        }
    }

    @Test
    void shouldFailUnknownProfileWithListOfKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profiles.get("5g"));
        assertTrue(e.getMessage().contains("5g") && e.getMessage().contains("3g, 4g"), e.getMessage());
    }

    @Test
    void shouldModel3gWithItsRoundTripAndRates() {
        Profile p = Profiles.get("3g");
        long rtt = p.toxics().stream().filter(t -> t.type().equals("latency")).mapToLong(t -> t.attr("latency")).sum();
        assertEquals(300, rtt);
    }
}
