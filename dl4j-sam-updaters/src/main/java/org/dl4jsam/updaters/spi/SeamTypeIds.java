package org.dl4jsam.updaters.spi;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;
import org.nd4j.shade.jackson.databind.DatabindContext;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.jsontype.impl.TypeIdResolverBase;

/**
 * The JSON type ids of the four seams' configurations ({@link PerturbationConfig}, {@link SecondPassConfig},
 * {@link StepAlgorithmConfig}, {@link GradientTransformConfig}), written in their {@value #PROPERTY} property:
 * a short, stable name for each of this library's configurations, frozen from 0.1.0 (docs/adr/0003), so that
 * saved models name no Java package. A configuration of another library (a third-party rule) is written by
 * its fully qualified class name and read back by it, as DL4J's own polymorphic values are.
 */
public final class SeamTypeIds extends TypeIdResolverBase {
    /** The JSON property that holds the type id. */
    public static final String PROPERTY = "type";

    private static final String ROOT = "org.dl4jsam.updaters.";
    private static final Map<String, String> CLASS_BY_ID = new LinkedHashMap<>();
    private static final Map<String, String> ID_BY_CLASS = new LinkedHashMap<>();

    static {
        register("sam", "perturbation.NormalizedPerturbationConfig");
        register("unnormalized-sam", "perturbation.UnnormalizedPerturbationConfig");
        register("asam", "perturbation.AsamPerturbationConfig");
        register("gsam-radius", "perturbation.GsamPerturbationConfig");
        register("fsam", "perturbation.FsamPerturbationConfig");
        register("vasso", "perturbation.VassoPerturbationConfig");
        register("esam-weights", "perturbation.EsamPerturbationConfig");
        register("every-step", "secondpass.EveryStepConfig");
        register("no-second-pass", "secondpass.NoSecondPassConfig");
        register("every-k-steps", "secondpass.EveryKStepsConfig");
        register("stochastic", "secondpass.StochasticSecondPassConfig");
        register("ae-sam", "secondpass.AeSamConfig");
        register("two-pass", "step.TwoPassStepConfig");
        register("micro-batches", "step.MicroBatchStepConfig");
        register("esam-data-selection", "step.SharpnessSensitiveSelectionConfig");
        register("mixed-point", "step.MixedPointStepConfig");
        register("saner", "transform.SanerConfig");
        register("gsam", "transform.GsamConfig");
        register("looksam", "transform.LookSamConfig");
        register("msam", "transform.MsamConfig");
        register("wsam", "transform.WsamConfig");
    }

    private static void register(String id, String simpleName) {
        CLASS_BY_ID.put(id, ROOT + simpleName);
        ID_BY_CLASS.put(ROOT + simpleName, id);
    }

    /** The seam interface this resolver serves (Jackson sets it with {@link #init}). */
    private JavaType seam;

    /** Made by Jackson, once per seam interface. */
    public SeamTypeIds() {}

    @Override
    public void init(JavaType baseType) {
        this.seam = baseType;
    }

    /** @return every id of this library, with the class it names, in seam order */
    public static Map<String, String> ids() {
        return Collections.unmodifiableMap(CLASS_BY_ID);
    }

    @Override
    public String idFromValue(Object value) {
        return idFromValueAndType(value, value.getClass());
    }

    @Override
    public String idFromValueAndType(Object value, Class<?> type) {
        return ID_BY_CLASS.getOrDefault(type.getName(), type.getName());
    }

    @Override
    public JavaType typeFromId(DatabindContext context, String id) throws IOException {
        String className = CLASS_BY_ID.get(id);
        if (className == null && !id.contains(".")) {
            throw new IllegalArgumentException("unknown " + seam.getRawClass().getSimpleName() + " type \"" + id
                    + "\": use one of " + idsOf(seam.getRawClass())
                    + " or the fully qualified class name of a configuration from another library");
        }
        return context.resolveSubType(seam, className == null ? id : className);
    }

    /** The ids of this library's configurations of one seam (for the error message). */
    private static String idsOf(Class<?> seam) {
        return CLASS_BY_ID.entrySet().stream()
                .filter(e -> {
                    try {
                        return seam.isAssignableFrom(Class.forName(e.getValue(), false, seam.getClassLoader()));
                    } catch (ClassNotFoundException missing) {
                        return false;
                    }
                })
                .map(Map.Entry::getKey)
                .toList()
                .toString();
    }

    @Override
    public String getDescForKnownTypeIds() {
        return String.join(", ", CLASS_BY_ID.keySet());
    }

    @Override
    public JsonTypeInfo.Id getMechanism() {
        return JsonTypeInfo.Id.CUSTOM;
    }
}
