/**
 * {@code dl4j-sam compare}: the experiment configuration, the resumable runner that trains every
 * (optimizer, seed) pair on the same noisy data, results, the report and its charts.
 */
package org.dl4jsam.experiments.compare;
