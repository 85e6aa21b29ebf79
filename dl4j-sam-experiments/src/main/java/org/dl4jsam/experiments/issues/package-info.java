/** {@code dl4j-sam label-issues}: which training labels are wrong, from one robust training run. */
package org.dl4jsam.experiments.issues;
