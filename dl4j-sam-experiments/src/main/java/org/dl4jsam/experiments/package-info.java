/**
 * The {@code dl4j-sam} command line: the top-level command, the label-noise commands and shared
 * helpers (thread limits).
 */
package org.dl4jsam.experiments;
