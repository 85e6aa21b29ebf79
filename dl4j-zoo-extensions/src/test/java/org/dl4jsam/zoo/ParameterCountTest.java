package org.dl4jsam.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Trainable parameter counts equal docs/data-and-zoo.md's table (the PyTorch reference counts). */
class ParameterCountTest {

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("wrn-28-10", 36_479_194L, 36_536_884L),
                Arguments.of("wrn-40-2", 2_243_546L, 2_255_156L),
                Arguments.of("wrn-16-8", 10_961_370L, 11_007_540L),
                Arguments.of("pyramidnet-110-270", 28_485_477L, 28_511_307L),
                Arguments.of("pyramidnet-110-48", 1_772_706L, 1_778_556L),
                Arguments.of("pyramidnet-272-200-bottleneck", 26_210_842L, 26_288_692L),
                Arguments.of("preact-resnet-18", 11_172_170L, 11_218_340L),
                Arguments.of("resnet-18", 11_173_962L, 11_220_132L),
                Arguments.of("resnet-34", 21_282_122L, 21_328_292L),
                Arguments.of("resnet-32", 464_154L, 470_004L),
                Arguments.of("densenet-121", 6_956_298L, 7_048_548L),
                Arguments.of("vit-s4-32", 21_342_346L, 21_376_996L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void trainableCountMatchesTheReference(String preset, long cifar10, long cifar100) {
        assertEquals(cifar10, count(preset, 10).trainable(), preset + " at 10 classes");
        assertEquals(cifar100, count(preset, 100).trainable(), preset + " at 100 classes");
    }

    @org.junit.jupiter.api.Test
    void vitS16At224With1000ClassesMatchesTheReference() {
        ZooRecipe recipe = ZooRecipe.cifar(1000).withInput(3, 224, 224);
        assertEquals(
                22_050_664L,
                ParameterCount.of(ZooPresets.create("vit-s16-224", recipe).graphConfiguration())
                        .trainable());
    }

    static ParameterCount count(String preset, int classes) {
        return ParameterCount.of(
                ZooPresets.create(preset, ZooRecipe.cifar(classes)).graphConfiguration());
    }
}
