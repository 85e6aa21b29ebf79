/**
 * {@code dl4j-sam linear}: Andriushchenko &amp; Flammarion (2022)'s linear experiment — logistic regression on two
 * Gaussians with most labels redrawn, full-batch gradient descent against SumMax SAM (1-SAM).
 */
package org.dl4jsam.experiments.linear;
