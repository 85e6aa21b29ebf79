package org.dl4jsam.updaters.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Contract 4a of docs/architecture.md: the division-free SANER masks equal their ratio definitions (group B: {@code 0 < ĝ_i/g_i < 1}). */
class SanerMaskTest {

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SanerGroup.class)
    void maskMatchesRatioDefinitionIncludingZerosAndSignChanges(SanerGroup group) {
        Random random = new Random(7);
        int n = 20_000;
        double[] g = new double[n];
        double[] gHat = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = pick(random);
            gHat[i] = switch (i % 7) {
                case 0 -> g[i]; //              ratio exactly 1: not masked
                case 1 -> 0.0; //               ratio 0: not masked
                case 2 -> -g[i] * random.nextDouble(); // sign change
                case 3 -> g[i] * random.nextDouble(); //  ratio in [0, 1)
                case 4 -> g[i] * (1 + random.nextDouble()); // ratio > 1
                default -> pick(random);
            };
        }
        INDArray clean = Nd4j.createFromArray(g);
        INDArray perturbed = Nd4j.createFromArray(gHat);
        INDArray mask = Nd4j.create(DataType.DOUBLE, n);
        long count = SanerMask.compute(group, clean, perturbed, mask);

        long expectedCount = 0;
        for (int i = 0; i < n; i++) {
            double ratio = gHat[i] / g[i]; // the definition, with IEEE division (g = 0 gives ±Inf or NaN)
            boolean selected =
                    switch (group) {
                        case B -> ratio > 0 && ratio < 1;
                        case A -> ratio > 1 && g[i] != 0;
                        case C -> ratio < 0 && g[i] != 0;
                        case AB -> ratio > 0 && ratio != 1 && g[i] != 0;
                    };
            double expected = selected ? 1.0 : 0.0;
            expectedCount += (long) expected;
            assertEquals(expected, mask.getDouble(i), 0.0, "element " + i + ": g=" + g[i] + ", ĝ=" + gHat[i]);
        }
        assertEquals(expectedCount, count);
        assertEquals(g[3], clean.getDouble(3), 0.0, "inputs are not modified");
        assertEquals(gHat[3], perturbed.getDouble(3), 0.0, "inputs are not modified");
    }

    private static double pick(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> random.nextGaussian() * 1e-8;
            default -> random.nextGaussian();
        };
    }
}
