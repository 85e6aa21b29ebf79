/**
 * The data {@code compare} trains on: the built-in datasets and a user's own image folders and CSV
 * files read through DataVec, split, normalized on the training split and checked before any output
 * is written.
 */
package org.dl4jsam.experiments.data;
