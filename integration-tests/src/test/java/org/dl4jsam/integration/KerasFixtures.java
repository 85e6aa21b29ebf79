package org.dl4jsam.integration;

import static org.bytedeco.hdf5.global.hdf5.H5F_ACC_TRUNC;
import static org.bytedeco.hdf5.global.hdf5.H5S_SCALAR;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.hdf5.Attribute;
import org.bytedeco.hdf5.DataSet;
import org.bytedeco.hdf5.DataSpace;
import org.bytedeco.hdf5.Group;
import org.bytedeco.hdf5.H5File;
import org.bytedeco.hdf5.H5Object;
import org.bytedeco.hdf5.PredType;
import org.bytedeco.hdf5.StrType;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Keras models as {@code model.save("m.h5")} writes them (Keras 2, TensorFlow backend): the model and training
 * configuration as JSON string attributes, the weights under {@code model_weights/LAYER/LAYER/kernel:0}. Written
 * here through the HDF5 library DL4J's importer reads with, so no Python is needed.
 */
final class KerasFixtures {
    private static final String INITIALIZERS = "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", "
            + "\"config\": {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}}, "
            + "\"kernel_regularizer\": null, \"bias_regularizer\": null, \"activity_regularizer\": null, "
            + "\"kernel_constraint\": null, \"bias_constraint\": null";
    private static final String TRAINING = "{\"loss\": \"categorical_crossentropy\", \"metrics\": [\"accuracy\"], "
            + "\"optimizer_config\": {\"class_name\": \"SGD\", \"config\": {\"name\": \"SGD\", \"learning_rate\": 0.01, "
            + "\"momentum\": 0.0, \"nesterov\": false}}}";

    private KerasFixtures() {}

    /** A Sequential model: Dense(16, relu) on {@code inputs} flat values, Dense(classes, softmax). */
    static Path dense(Path file, int inputs, int classes) {
        String config = sequential(
                dense("hidden", 16, "relu", "\"batch_input_shape\": [null, " + inputs + "], "),
                dense("scores", classes, "softmax", ""));
        write(
                file,
                config,
                new Layer("hidden", new long[] {inputs, 16}, 16),
                new Layer("scores", new long[] {16, classes}, classes));
        return file;
    }

    /**
     * A Sequential model on {@code size}×{@code size}×1 images, channels last: Conv2D(4, 3×3, relu), Flatten,
     * Dense(classes, softmax).
     */
    static Path conv(Path file, int size, int classes) {
        String conv = "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"trainable\": true, "
                + "\"batch_input_shape\": [null, " + size + ", " + size
                + ", 1], \"dtype\": \"float32\", \"filters\": 4, "
                + "\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"valid\", \"data_format\": \"channels_last\", "
                + "\"dilation_rate\": [1, 1], \"activation\": \"relu\", \"use_bias\": true, " + INITIALIZERS + "}}";
        String flatten = "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\", \"trainable\": true, "
                + "\"dtype\": \"float32\", \"data_format\": \"channels_last\"}}";
        long features = (long) (size - 2) * (size - 2) * 4;
        write(
                file,
                sequential(conv, flatten, dense("scores", classes, "softmax", "")),
                new Layer("conv", new long[] {3, 3, 1, 4}, 4),
                new Layer("scores", new long[] {features, classes}, classes));
        return file;
    }

    private record Layer(String name, long[] kernel, long bias) {}

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + String.join(", ", layers) + "]}, \"keras_version\": \"2.4.0\", \"backend\": \"tensorflow\"}";
    }

    private static String dense(String name, int units, String activation, String input) {
        return "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, " + input
                + "\"dtype\": \"float32\", \"units\": " + units + ", \"activation\": \"" + activation
                + "\", \"use_bias\": true, " + INITIALIZERS + "}}";
    }

    private static void write(Path path, String modelConfig, Layer... layers) {
        H5File file = new H5File(path.toString(), H5F_ACC_TRUNC);
        try {
            attribute(file, "model_config", modelConfig);
            attribute(file, "training_config", TRAINING);
            attribute(file, "keras_version", "2.4.0");
            attribute(file, "backend", "tensorflow");
            Group weights = file.createGroup("model_weights");
            for (Layer layer : layers) {
                Group group = weights.createGroup(layer.name());
                attribute(group, "weight_names", layer.name() + "/kernel:0");
                Group inner = group.createGroup(layer.name());
                dataset(inner, "kernel:0", layer.kernel());
                dataset(inner, "bias:0", new long[] {layer.bias()});
                inner.close();
                group.close();
            }
            weights.close();
        } finally {
            file.close();
        }
    }

    private static void attribute(H5Object where, String name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StrType type = new StrType(PredType.C_S1(), bytes.length);
        DataSpace scalar = new DataSpace(H5S_SCALAR);
        Attribute attribute = where.createAttribute(name, type, scalar);
        attribute.write(type, new BytePointer(bytes));
        attribute.close();
        scalar.close();
        type.close();
    }

    /** Small deterministic weights (k mod 7 / 100). */
    private static void dataset(Group group, String name, long[] dims) {
        long length = 1;
        for (long d : dims) {
            length *= d;
        }
        float[] values = new float[(int) length];
        for (int k = 0; k < values.length; k++) {
            values[k] = (k % 7) / 100f;
        }
        DataSpace space = new DataSpace(dims.length, dims);
        DataSet data = group.createDataSet(name, PredType.NATIVE_FLOAT(), space);
        data.write(new FloatPointer(values), PredType.NATIVE_FLOAT());
        data.close();
        space.close();
    }
}
