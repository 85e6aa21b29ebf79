package org.dl4jsam.experiments.data;

import java.util.Locale;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * How a user's own data is read, split and normalized (the {@code compare} options next to
 * {@code --dataset images:DIR} / {@code csv:FILE}); stored in {@code results.json}.
 *
 * @param testData a separate test folder / CSV file, or null for a seeded stratified split
 * @param testFraction the fraction held out as the test set when there is no test data
 * @param imageSize {@code HxW} to resize every image to, or null for the images' own (equal) size
 * @param channels 1 (grey) or 3 (colour) to convert every image to, or 0 for the images' own
 * @param labelColumn the CSV label column, by header name or 0-based index; null for the last column
 * @param csvHeader whether the CSV file's first line names the columns
 * @param normalization {@code auto} (per channel / feature, from the training split), {@code none}, or
 *     {@code MEAN,…/STD,…} (in [0, 1] pixel units for images)
 * @param trustedLabels a file of hand-checked {@code id,label} lines ({@link TrustedLabels}), or null
 * @param stream read images from disk every minibatch even when they would fit in memory
 */
public record OwnDataSpec(
        String testData,
        double testFraction,
        String imageSize,
        int channels,
        String labelColumn,
        boolean csvHeader,
        String normalization,
        String trustedLabels,
        boolean stream) {
    /** The defaults: a 20% stratified test split, the images' own size, normalization from the training split. */
    public static final OwnDataSpec DEFAULTS = new OwnDataSpec(null, 0.2, null, 0, null, true, "auto", null, false);

    /**
     * Validates the components.
     *
     * @param testData a separate test folder / CSV file, or null
     * @param testFraction the held-out fraction without test data
     * @param imageSize {@code HxW}, or null
     * @param channels 1, 3 or 0
     * @param labelColumn the CSV label column, or null
     * @param csvHeader whether the CSV file has a header line
     * @param normalization {@code auto}, {@code none} or {@code MEAN,…/STD,…}
     * @param trustedLabels a file of hand-checked labels, or null
     * @param stream read images from disk every minibatch
     */
    @JsonCreator
    public OwnDataSpec(
            @JsonProperty("testData") String testData,
            @JsonProperty("testFraction") double testFraction,
            @JsonProperty("imageSize") String imageSize,
            @JsonProperty("channels") int channels,
            @JsonProperty("labelColumn") String labelColumn,
            @JsonProperty("csvHeader") boolean csvHeader,
            @JsonProperty("normalization") String normalization,
            @JsonProperty("trustedLabels") String trustedLabels,
            @JsonProperty("stream") boolean stream) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException(
                    "--test-fraction " + testFraction + " is invalid; use a fraction in (0, 1), e.g. 0.2");
        }
        if (channels != 0 && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels " + channels + " is invalid; use 1 (grey) or 3 (colour)");
        }
        this.testData = testData;
        this.testFraction = testFraction;
        this.imageSize = imageSize;
        this.channels = channels;
        this.labelColumn = labelColumn;
        this.csvHeader = csvHeader;
        this.normalization = normalization == null ? "auto" : normalization.strip();
        this.trustedLabels = trustedLabels;
        this.stream = stream;
        heightWidth();
        Normalization.parse(this.normalization);
    }

    /**
     * @param shape {@code [C, H, W]} a model's input implies, 0 where it does not
     * @return this spec with the image size and channels the user left open taken from the model
     */
    public OwnDataSpec withModelInput(int[] shape) {
        return new OwnDataSpec(
                testData,
                testFraction,
                imageSize == null && shape[1] > 0 ? shape[1] + "x" + shape[2] : imageSize,
                channels == 0 ? shape[0] : channels,
                labelColumn,
                csvHeader,
                normalization,
                trustedLabels,
                stream);
    }

    /** @return {@code [H, W]} of {@link #imageSize()}, or {@code [0, 0]} for the images' own size */
    public int[] heightWidth() {
        if (imageSize == null) {
            return new int[] {0, 0};
        }
        String[] parts = imageSize.toLowerCase(Locale.ROOT).replace('×', 'x').split("x");
        try {
            if (parts.length == 2) {
                int h = Integer.parseInt(parts[0].strip());
                int w = Integer.parseInt(parts[1].strip());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--image-size " + imageSize + " is not HxW; write e.g. 32x32");
    }
}
