/**
 * Base updaters and schedules with PyTorch's semantics, for comparisons with the papers: momentum
 * SGD as {@code torch.optim.SGD} and the cosine schedule.
 */
package org.dl4jsam.updaters.base;
