/**
 * When a step takes the second pass: every step (SAM), never (plain training through the same
 * step), or AE-SAM's adaptive policy. Rules are package-private; configurations are JSON values.
 */
package org.dl4jsam.updaters.secondpass;
