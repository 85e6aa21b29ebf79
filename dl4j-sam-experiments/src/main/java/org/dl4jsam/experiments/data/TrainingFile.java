package org.dl4jsam.experiments.data;

/**
 * The whole training set of a built-in dataset, as its files hold it, and the rows a run keeps from it
 * ({@code --train-size}). Label files ({@code --noise file:PATH}, CIFAR-N) give one label per example of the whole
 * training set in file order; a run takes its subset's labels from them through {@link #keptRows()}.
 *
 * @param name the dataset, for messages
 * @param labels the label of every training example in the files
 * @param keptRows the rows the run trains on, in the order of its examples
 */
public record TrainingFile(String name, int[] labels, int[] keptRows) {
    /**
     * @param all one value per example of the whole training set
     * @return the values of the kept rows, in the run's order
     */
    public int[] keep(int[] all) {
        if (all.length != labels.length) {
            throw new IllegalArgumentException(
                    all.length + " values for the " + labels.length + " examples of the " + name + " training set");
        }
        int[] kept = new int[keptRows.length];
        for (int k = 0; k < kept.length; k++) {
            kept[k] = all[keptRows[k]];
        }
        return kept;
    }
}
