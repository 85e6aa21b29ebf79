/**
 * The architectures the papers train (CIFAR ResNets, WideResNet, PyramidNet, ViT) as DL4J {@code
 * ComputationGraph}s with exact parameter counts, their custom layers and vertices, and the
 * training recipes.
 */
package org.dl4jsam.zoo;
