/**
 * Benchmarks: paired step-time ratios of every SAM preset against plain training, and label-noise
 * generation throughput.
 */
package org.dl4jsam.experiments.bench;
