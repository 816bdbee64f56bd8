package dev.latchkey.store;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

    @Test
    void identifiersKeepTheirShapeAndSortByCreationTime() {
        String earlier = Ids.mint("flw", 1_764_288_000_000L);
        String later = Ids.mint("flw", 1_764_288_000_001L);
        String muchLater = Ids.mint("flw", 4_102_444_800_000L);

        assertThat(earlier).matches("flw_[a-z2-7]{26}");
        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(muchLater);
        assertThat(earlier.substring(0, 14)).isEqualTo(Ids.mint("flw", 1_764_288_000_000L).substring(0, 14));
    }

    @Test
    void identifiersMintedInTheSameMillisecondDifferInTheirRandomPart() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.mint("evt", 1_764_288_000_000L));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void secretLinksSortByTimeAndCarryTheirRandomPartWhole() throws Exception {
        String first = Ids.secretLink(32);
        Thread.sleep(2);
        String second = Ids.secretLink(32);

        assertThat(first).matches("[a-z2-7]{42}");
        assertThat(first).isLessThan(second);
        assertThat(first.substring(10)).isNotEqualTo(second.substring(10));
    }
}
