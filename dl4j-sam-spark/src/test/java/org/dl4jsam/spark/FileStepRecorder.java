package org.dl4jsam.spark;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Model;
import org.dl4jsam.updaters.SamStepDiagnostics;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.transform.SanerConfig;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@link WorkerRecorder} for executors in other JVMs: each worker step (its batch, the SAM step's iteration,
 * epoch, second-pass decision and SANER α — DL4J's counts and no second pass without SAM — the forward passes made) is written to a file of its own in a
 * directory the test reads afterwards, named by the executor's process and its step number there.
 */
final class FileStepRecorder extends StepCapture {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    /** One worker step, read back. */
    record Step(
            long process,
            int sequence,
            DataSet batch,
            int iteration,
            int epoch,
            boolean secondPass,
            double alpha,
            int forwardPasses) {}

    private final String dir;

    FileStepRecorder(Path dir) {
        this.dir = dir.toAbsolutePath().toString();
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        SamStepDiagnostics diagnostics = SharpnessAware.lastStep(model).orElse(null);
        double alpha = diagnostics == null ? Double.NaN : diagnostics.value(SanerConfig.ALPHA);
        long process = ProcessHandle.current().pid();
        int sequence = SEQUENCE.getAndIncrement();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(process);
            out.writeInt(sequence);
            out.writeInt(diagnostics == null ? iteration : diagnostics.iteration());
            out.writeInt(diagnostics == null ? epoch : diagnostics.epoch());
            out.writeBoolean(diagnostics != null && diagnostics.secondPass());
            out.writeDouble(alpha);
            out.writeInt(takeForwardPasses());
            batch().save(out);
            Path file = Path.of(dir, String.format("%d-%06d.step", process, sequence));
            Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dir the directory the recorder wrote to
     * @return every step, by process and then in the order each process took them
     * @throws IOException if a file cannot be read
     */
    static List<Step> read(Path dir) throws IOException {
        List<Step> steps = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".step")).sorted().toList()) {
                try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
                    long process = in.readLong();
                    int sequence = in.readInt();
                    int iteration = in.readInt();
                    int epoch = in.readInt();
                    boolean secondPass = in.readBoolean();
                    double alpha = in.readDouble();
                    int passes = in.readInt();
                    DataSet batch = new DataSet();
                    batch.load(in);
                    steps.add(new Step(process, sequence, batch, iteration, epoch, secondPass, alpha, passes));
                }
            }
        }
        return steps;
    }
}
