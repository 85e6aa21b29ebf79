/**
 * The models the command line can train: built-in small models and the zoo presets, by name.
 */
package org.dl4jsam.experiments.catalog;
