package org.dl4jsam.noisylabels;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The class maps of asymmetric ("class-conditional") label noise used in the literature
 * (docs/data-and-zoo.md). A class that a map leaves unchanged is never corrupted.
 */
public enum AsymmetricMapping {
    /** CIFAR-10: truck→automobile, bird→airplane, deer→horse, cat↔dog. */
    CIFAR10(10),
    /** CIFAR-100, Andriushchenko &amp; Flammarion / SANER: {@code (y+1) mod 100}. */
    CIFAR100_NEXT_CLASS(100),
    /** CIFAR-100, Patrini-style code: next index inside blocks of 5 consecutive fine labels. */
    CIFAR100_BLOCKS_OF_FIVE(100),
    /** CIFAR-100: ring over the fine classes of each real superclass (needs the coarse labels). */
    CIFAR100_SUPERCLASS_RING(100),
    /** MNIST (Patrini et al.): 2→7, 3→8, 5↔6, 7→1. */
    MNIST(10),
    /** Fashion-MNIST, the GCE paper's mapping: 9→7, 7→5, 2→6, 4↔3. */
    FASHION_MNIST_GCE(10);

    private final int classes;

    AsymmetricMapping(int classes) {
        this.classes = classes;
    }

    /** @return the number of classes this mapping is defined for */
    public int classes() {
        return classes;
    }

    /**
     * @param input the labels (and, for CIFAR-100, their coarse classes)
     * @return {@code map[y]}: the label class y is flipped to (y itself where the map leaves y alone)
     */
    public int[] classMap(NoiseInput input) {
        if (input.numClasses() != classes) {
            throw new IllegalArgumentException("asymmetric mapping " + this + " is for " + classes
                    + " classes, the data has " + input.numClasses());
        }
        int[] map = new int[classes];
        for (int y = 0; y < classes; y++) {
            map[y] = y;
        }
        switch (this) {
            case CIFAR10 -> {
                map[9] = 1;
                map[2] = 0;
                map[4] = 7;
                map[3] = 5;
                map[5] = 3;
            }
            case CIFAR100_NEXT_CLASS -> {
                for (int y = 0; y < classes; y++) {
                    map[y] = (y + 1) % classes;
                }
            }
            case CIFAR100_BLOCKS_OF_FIVE -> {
                for (int y = 0; y < classes; y++) {
                    map[y] = (y / 5) * 5 + (y % 5 + 1) % 5;
                }
            }
            case CIFAR100_SUPERCLASS_RING -> superclassRing(input, map);
            case MNIST -> {
                map[2] = 7;
                map[3] = 8;
                map[5] = 6;
                map[6] = 5;
                map[7] = 1;
            }
            case FASHION_MNIST_GCE -> {
                map[9] = 7;
                map[7] = 5;
                map[2] = 6;
                map[4] = 3;
                map[3] = 4;
            }
        }
        return map;
    }

    private static void superclassRing(NoiseInput input, int[] map) {
        if (input.coarse() == null) {
            throw new IllegalArgumentException("asymmetric mapping CIFAR100_SUPERCLASS_RING needs the coarse labels: "
                    + "read CIFAR-100 with CifarBinary (it keeps them) or pass them in NoiseInput");
        }
        TreeMap<Integer, TreeSet<Integer>> fineBySuperclass = new TreeMap<>();
        int[] superclassOf = new int[map.length];
        java.util.Arrays.fill(superclassOf, -1);
        for (int i = 0; i < input.size(); i++) {
            int fine = input.clean()[i];
            int coarse = input.coarse()[i];
            if (superclassOf[fine] != -1 && superclassOf[fine] != coarse) {
                throw new IllegalArgumentException("fine class " + fine + " appears under superclasses "
                        + superclassOf[fine] + " and " + coarse + ": the coarse labels do not match the fine ones");
            }
            superclassOf[fine] = coarse;
            fineBySuperclass.computeIfAbsent(coarse, k -> new TreeSet<>()).add(fine);
        }
        for (TreeSet<Integer> members : fineBySuperclass.values()) {
            List<Integer> ring = new ArrayList<>(members);
            for (int k = 0; k < ring.size(); k++) {
                map[ring.get(k)] = ring.get((k + 1) % ring.size());
            }
        }
    }
}
