package org.dl4jsam.updaters.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** ESAM's SDS picks, by hand: the k examples whose loss rose most, ties to the lower row. */
class SharpnessSensitiveSelectionTest {

    @Test
    void selectsTheLargestRisesInRowOrder() {
        double[] before = {1.0, 2.0, 0.5, 3.0, 1.0, 0.0};
        double[] after = {1.5, 2.1, 1.5, 2.0, 1.5, 0.2};
        // rises: 0.5, 0.1, 1.0, −1.0, 0.5, 0.2 → the top three are rows 2 (1.0), 0 and 4 (0.5, tie: 0 first)
        assertArrayEquals(new long[] {0, 2, 4}, SharpnessSensitiveSelection.select(before, after, 3));
        // top two: row 2, then the tie 0/4 goes to row 0
        assertArrayEquals(new long[] {0, 2}, SharpnessSensitiveSelection.select(before, after, 2));
    }

    @Test
    void sizeOfTheSelection() {
        SharpnessSensitiveSelectionConfig half = new SharpnessSensitiveSelectionConfig(0.5);
        assertEquals(64, half.selected(128));
        assertEquals(3, half.selected(7)); //   ⌊3.5⌋
        assertEquals(1, half.selected(1)); //   at least one
        assertEquals(128, new SharpnessSensitiveSelectionConfig(0.995).selected(128)); // the official whole-batch cut
    }
}
