/**
 * DL4J and DataVec glue: the iterator that serves noisy labels while keeping the clean ones, the
 * DataVec transform, pixel normalization and the CIFAR crop/flip augmentation.
 */
package org.dl4jsam.noisylabels.dl4j;
