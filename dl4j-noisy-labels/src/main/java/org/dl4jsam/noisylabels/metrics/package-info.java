/**
 * Memorization metrics: per-epoch accuracy on clean and noisy examples against their given and
 * true labels, the evaluator and the training listener that records them.
 */
package org.dl4jsam.noisylabels.metrics;
