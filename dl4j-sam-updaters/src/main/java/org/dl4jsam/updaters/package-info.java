/**
 * The public API of sharpness-aware training inside DL4J's {@code fit()}: {@link
 * org.dl4jsam.updaters.SharpnessAware} (attach, diagnostics, save/restore), {@link
 * org.dl4jsam.updaters.SharpnessAwareUpdater} (the configuration in the network's JSON), {@link
 * org.dl4jsam.updaters.SharpnessAwareListener} (the second pass), {@link
 * org.dl4jsam.updaters.SamConfig} and its policies, and the named {@link
 * org.dl4jsam.updaters.SamPresets}. The step engine and DL4J access are package-private.
 */
package org.dl4jsam.updaters;
