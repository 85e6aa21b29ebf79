package org.dl4jsam.updaters.spi;

/**
 * One parameter array of a model as a range of the flat parameter and gradient views, in flat order.
 *
 * @param layer the layer (or vertex) name
 * @param key DL4J's parameter key in that layer ({@code W}, {@code b}, {@code gamma}, …)
 * @param kind what the parameter is
 * @param start first flat index
 * @param end one past the last flat index
 * @param trainable whether SAM perturbs it, counts it in norms and hands its gradient on (false for
 *     running statistics, frozen layers and NoOp updaters)
 */
public record ParameterSegment(String layer, String key, ParameterKind kind, long start, long end, boolean trainable) {

    /** @return the number of entries */
    public long length() {
        return end - start;
    }
}
