/**
 * Step algorithms: how a two-pass step uses the batch — one perturbed pass over the whole batch
 * (SAM, the default) or one ε per micro-batch (m-sharpness).
 */
package org.dl4jsam.updaters.step;
