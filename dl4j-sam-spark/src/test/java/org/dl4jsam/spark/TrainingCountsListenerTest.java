package org.dl4jsam.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dl4jsam.updaters.SamConfig;
import org.dl4jsam.updaters.SharpnessAware;
import org.dl4jsam.updaters.SharpnessAwareListener;
import org.dl4jsam.updaters.SharpnessAwareUpdater;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Nesterovs;

/**
 * What DL4J's shared training does to a worker JVM between two {@code fit} calls, without Spark: it keeps the
 * network and the first {@code fit}'s listeners, sets the counts back to 0, and the newer driver counts arrive
 * only in a listener copy that is deserialized but not attached. {@link TrainingCountsListener} continues the
 * iteration count and takes the driver's epoch.
 */
class TrainingCountsListenerTest {

    private static TrainingCountsListener copyOf(TrainingCountsListener listener)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(listener);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (TrainingCountsListener) in.readObject();
        }
    }

    @Test
    void aWorkerNetworkSetBackTo0ContinuesItsCountAndTakesTheDriversEpoch() throws Exception {
        SharpnessAwareUpdater updater = new SharpnessAwareUpdater(new Nesterovs(0.05, 0.9), SamConfig.sam(0.05));
        ComputationGraph driver = SparkTestNets.graph(updater);
        TrainingCountsListener sent = new TrainingCountsListener(driver);
        TrainingCountsListener firstFits = copyOf(sent); // the listener a worker JVM attaches once
        ComputationGraph worker = SparkTestNets.graph(updater);
        worker.setListeners(firstFits, new SharpnessAwareListener()); // the order SparkSam.attach gives
        DataSet batch = DataSet.merge(SparkTestNets.examples(8, 3));
        for (int step = 0; step < 3; step++) {
            worker.fit(batch);
        }
        assertEquals(3, worker.getIterationCount());

        driver.incrementEpochCount(); //                      what the driver's fit(rdd) does
        copyOf(sent); //                                      the next fit's copy: deserialized, never attached
        worker.getConfiguration().setIterationCount(0); //    DL4J's parameter-server start position
        worker.getConfiguration().setEpochCount(0);
        worker.fit(batch);
        assertEquals(3, SharpnessAware.lastStep(worker).orElseThrow().iteration(), "the count goes on");
        assertEquals(1, SharpnessAware.lastStep(worker).orElseThrow().epoch(), "the driver's epoch");

        ComputationGraph other = SparkTestNets.graph(updater); // another driver's job in the same JVM
        TrainingCountsListener otherListener = copyOf(new TrainingCountsListener(other));
        other.setListeners(otherListener, new SharpnessAwareListener());
        other.fit(batch);
        assertEquals(0, SharpnessAware.lastStep(other).orElseThrow().epoch(), "another driver's counts stay its own");
    }
}
