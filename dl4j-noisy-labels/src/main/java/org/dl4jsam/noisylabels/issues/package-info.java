/**
 * Which labels are wrong: per-example training signals collected inside DL4J's {@code fit()} (loss, margin and
 * its area under the margin, Pleiss et al. 2020; mean predicted probabilities), rankings of the suspects, confident
 * learning on out-of-sample probabilities (Northcutt et al. 2021) and the detection metrics that compare them.
 */
package org.dl4jsam.noisylabels.issues;
