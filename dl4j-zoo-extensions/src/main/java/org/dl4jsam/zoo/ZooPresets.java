package org.dl4jsam.zoo;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The named architectures of the papers, by the names the command line uses. */
public final class ZooPresets {
    private static final Map<String, Function<ZooRecipe, ZooArchitecture>> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put("wrn-28-10", r -> new WideResNet(new WideResNetSpec(28, 10, 0.0), r));
        PRESETS.put("wrn-40-2", r -> new WideResNet(new WideResNetSpec(40, 2, 0.0), r));
        PRESETS.put("wrn-16-8", r -> new WideResNet(new WideResNetSpec(16, 8, 0.0), r));
        PRESETS.put("wrn-16-4", r -> new WideResNet(new WideResNetSpec(16, 4, 0.0), r));
        PRESETS.put("pyramidnet-110-270", r -> new PyramidNet(new PyramidNetSpec(110, 270, false), r));
        PRESETS.put("pyramidnet-110-48", r -> new PyramidNet(new PyramidNetSpec(110, 48, false), r));
        PRESETS.put("pyramidnet-272-200-bottleneck", r -> new PyramidNet(new PyramidNetSpec(272, 200, true), r));
        PRESETS.put("preact-resnet-18", r -> new CifarResNet(CifarResNetSpec.PREACT_RESNET_18, r));
        PRESETS.put("resnet-18", r -> new CifarResNet(CifarResNetSpec.RESNET_18, r));
        PRESETS.put("resnet-34", r -> new CifarResNet(CifarResNetSpec.RESNET_34, r));
        PRESETS.put("resnet-32", r -> new CifarResNet(CifarResNetSpec.RESNET_32, r));
        PRESETS.put("densenet-121", r -> new DenseNet(DenseNetSpec.DENSENET_121, r));
        PRESETS.put("vit-s16-224", r -> new VisionTransformer(VitSpec.S16_224, r));
        PRESETS.put("vit-s4-32", r -> new VisionTransformer(VitSpec.S4_32, r));
        PRESETS.put("vit-small-cifar", r -> new VisionTransformer(VitSpec.SMALL_CIFAR, r));
    }

    private ZooPresets() {}

    /** @return every preset name */
    public static java.util.Set<String> names() {
        return Collections.unmodifiableSet(PRESETS.keySet());
    }

    /**
     * @param name a preset name
     * @return whether there is a preset of that name
     */
    public static boolean contains(String name) {
        return PRESETS.containsKey(name);
    }

    /**
     * @param name a preset name
     * @param recipe classes, input shape, updater, weight decay, seed and data type
     * @return the preset's architecture for the recipe
     * @throws IllegalArgumentException listing the names when there is no preset of that name
     */
    public static ZooArchitecture create(String name, ZooRecipe recipe) {
        Function<ZooRecipe, ZooArchitecture> factory = PRESETS.get(name);
        if (factory == null) {
            throw new IllegalArgumentException(
                    "unknown zoo model '" + name + "'; available: " + String.join(", ", names()));
        }
        return factory.apply(recipe);
    }
}
