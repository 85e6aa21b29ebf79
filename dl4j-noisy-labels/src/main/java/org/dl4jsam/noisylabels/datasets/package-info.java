/**
 * Readers of local dataset files (Fashion-MNIST / MNIST IDX, CIFAR-10/100 binary, CIFAR-N label
 * files, plain label arrays), the in-memory image dataset, and seeded subsets and splits. Nothing
 * here downloads.
 */
package org.dl4jsam.noisylabels.datasets;
