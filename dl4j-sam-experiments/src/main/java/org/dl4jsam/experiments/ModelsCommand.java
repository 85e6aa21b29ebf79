package org.dl4jsam.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dl4jsam.updaters.MomentumSgd;
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
    @Option(names = "--classes", description = "number of classes")
    int classes = 10;

    @Option(names = "--image", description = "input shape CxHxW")
    String image = "3x32x32";

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int[] shape = BenchCommand.parseImage(image);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : ModelCatalog.names()) {
            ParameterCount count = ParameterCount.of(ModelCatalog.configuration(
                    name, new MomentumSgd(0.1, 0.9), 1, 5e-4, shape[0], shape[1], shape[2], classes));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", name);
            row.put("trainable_parameters", count.trainable());
            row.put("dl4j_parameters", count.dl4j());
            rows.add(row);
        }
        if (json) {
            System.out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(rows));
        } else {
            System.out.printf(
                    "%-32s %16s %16s%n",
                    "model (" + image + ", " + classes + " classes)", "trainable", "DL4J numParams");
            for (Map<String, Object> row : rows) {
                System.out.printf(
                        "%-32s %,16d %,16d%n",
                        row.get("model"), row.get("trainable_parameters"), row.get("dl4j_parameters"));
            }
        }
        return 0;
    }
}
