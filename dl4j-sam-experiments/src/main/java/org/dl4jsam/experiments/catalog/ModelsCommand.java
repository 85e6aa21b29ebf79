package org.dl4jsam.experiments.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dl4jsam.updaters.base.MomentumSgd;
import org.dl4jsam.zoo.ParameterCount;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dl4j-sam models}: every model name with its parameter counts (trainable and DL4J's). */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "List the models --model accepts, with parameter counts.")
public final class ModelsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Option(names = "--classes", description = "number of classes")
    int classes = 10;

    @Option(names = "--image", description = "input shape CxHxW")
    String image = "3x32x32";

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--time", description = "also time one forward+backward pass per model (after a warm-up)")
    boolean time;

    @Option(names = "--batch-size", description = "batch size for --time")
    int batchSize = 32;

    @Option(names = "--repeats", description = "timed passes per model for --time (the median is reported)")
    int repeats = 3;

    @Option(names = "--model", split = ",", description = "only these models (comma list)")
    List<String> only;

    @Override
    public Integer call() throws Exception {
        int[] shape = ModelCatalog.parseImage(image);
        List<Map<String, Object>> rows = new ArrayList<>();
        if (only != null) {
            only.forEach(ModelCatalog::validate);
        }
        for (String name : only != null ? only : ModelCatalog.names()) {
            ParameterCount count = ParameterCount.of(ModelCatalog.configuration(
                    name, new MomentumSgd(0.1, 0.9), 1, 5e-4, shape[0], shape[1], shape[2], classes));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", name);
            row.put("trainable_parameters", count.trainable());
            row.put("dl4j_parameters", count.dl4j());
            if (time) {
                row.put("forward_backward_ms", timePass(name, shape));
            }
            rows.add(row);
        }
        if (json) {
            out().println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows));
        } else {
            String timeHeader = time ? String.format("   fwd+bwd ms (batch %d)", batchSize) : "";
            out().printf(
                            "%-32s %16s %16s%s%n",
                            "model (" + image + ", " + classes + " classes)",
                            "trainable",
                            "DL4J numParams",
                            timeHeader);
            for (Map<String, Object> row : rows) {
                String millis = time ? String.format("%,24.0f", (Double) row.get("forward_backward_ms")) : "";
                out().printf(
                                "%-32s %,16d %,16d%s%n",
                                row.get("model"), row.get("trainable_parameters"), row.get("dl4j_parameters"), millis);
            }
        }
        return 0;
    }

    /** Median wall time of {@code computeGradientAndScore} on a random batch, after one warm-up pass. */
    private double timePass(String name, int[] shape) {
        org.deeplearning4j.nn.graph.ComputationGraph graph =
                new org.deeplearning4j.nn.graph.ComputationGraph(ModelCatalog.configuration(
                        name, new MomentumSgd(0.1, 0.9), 1, 5e-4, shape[0], shape[1], shape[2], classes));
        graph.init();
        org.nd4j.linalg.api.ndarray.INDArray input = org.nd4j.linalg.factory.Nd4j.rand(
                org.nd4j.linalg.api.buffer.DataType.FLOAT, batchSize, shape[0], shape[1], shape[2]);
        org.nd4j.linalg.api.ndarray.INDArray labels =
                org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, batchSize, classes);
        for (int i = 0; i < batchSize; i++) {
            labels.putScalar(i, i % classes, 1f);
        }
        graph.setInputs(input);
        graph.setLabels(labels);
        double[] millis = new double[repeats];
        graph.computeGradientAndScore(); // warm-up
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            graph.computeGradientAndScore();
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return millis[repeats / 2];
    }
}
