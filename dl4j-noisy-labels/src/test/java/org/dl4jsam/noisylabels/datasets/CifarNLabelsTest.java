package org.dl4jsam.noisylabels.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dl4jsam.noisylabels.NoisyLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CIFAR-N label files (fixtures made by src/test/resources/cifarn/make_fixtures.py). */
class CifarNLabelsTest {
    private static final int[] CLEAN10 = {6, 9, 9, 4, 1, 1, 2, 7, 8, 3};

    @TempDir
    Path dir;

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(CifarNLabelsTest.class.getResource("/cifarn/" + name).toURI());
    }

    @Test
    void readsEveryCifar10nLabelSetAndChecksTheCleanLabels() throws Exception {
        Map<String, int[]> all = CifarNLabels.readAll(fixture("CIFAR-10_human_tiny.pt"));
        assertArrayEquals(CLEAN10, all.get("clean_label"));
        NoisyLabels worse = CifarNLabels.read(fixture("CIFAR-10_human_tiny.pt"), "worse", CLEAN10, 10);
        assertArrayEquals(new int[] {6, 1, 9, 4, 1, 0, 2, 7, 8, 5}, worse.noisy());
        assertEquals(0.3, worse.realisedRate(), 1e-12);
        NoisyLabels aggre = CifarNLabels.read(fixture("CIFAR-10_human_tiny.pt"), "aggre_label", CLEAN10, 10);
        assertEquals(1, aggre.noisyCount());
    }

    @Test
    void readsCifar100nWithListValuedCoarseKeys() throws Exception {
        int[] clean = {19, 29, 0, 11, 1};
        Map<String, int[]> all = CifarNLabels.readAll(fixture("CIFAR-100_human_tiny.pt"));
        assertArrayEquals(new int[] {11, 15, 4, 14, 1}, all.get("clean_coarse_label"));
        assertEquals(
                1,
                CifarNLabels.read(fixture("CIFAR-100_human_tiny.pt"), "noisy", clean, 100)
                        .noisyCount());
    }

    @Test
    void mismatchesAndBadFilesAreRefusedClearly() throws Exception {
        int[] shuffled = CLEAN10.clone();
        shuffled[0] = CLEAN10[1];
        shuffled[1] = CLEAN10[0];
        IllegalArgumentException mismatch = assertThrows(
                IllegalArgumentException.class,
                () -> CifarNLabels.read(fixture("CIFAR-10_human_tiny.pt"), "worse", shuffled, 10));
        assertTrue(mismatch.getMessage().contains("does not match this CIFAR copy"), mismatch.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> CifarNLabels.read(fixture("CIFAR-10_human_tiny.pt"), "worse", new int[] {6, 9}, 10));
        IllegalArgumentException key = assertThrows(
                IllegalArgumentException.class,
                () -> CifarNLabels.read(fixture("CIFAR-10_human_tiny.pt"), "best", CLEAN10, 10));
        assertTrue(key.getMessage().contains("available"), key.getMessage());
        Path notZip = dir.resolve("plain.pt");
        Files.writeString(notZip, "not a zip");
        assertThrows(IllegalArgumentException.class, () -> CifarNLabels.readAll(notZip));
        assertThrows(IOException.class, () -> CifarNLabels.readAll(dir.resolve("absent.pt")));
    }

    @Test
    void floatLabelArraysAreRefusedNamingTheDtype() {
        CifarNLabels.NumpyDtype dtype = new CifarNLabels.NumpyDtype("f8");
        CifarNLabels.NumpyArray array = new CifarNLabels.NumpyArray();
        Object[] state = {1, new Object[] {2L}, dtype, false, new byte[16]};
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> array.__setstate__(state));
        assertTrue(refused.getMessage().contains("NumPy dtype f8, but labels are integers"), refused.getMessage());
        CifarNLabels.NumpyArray integers = new CifarNLabels.NumpyArray();
        integers.__setstate__(
                new Object[] {1, new Object[] {2L}, new CifarNLabels.NumpyDtype("i8"), false, new byte[16]});
        assertArrayEquals(new int[] {0, 0}, integers.toIntArray());
    }
}
