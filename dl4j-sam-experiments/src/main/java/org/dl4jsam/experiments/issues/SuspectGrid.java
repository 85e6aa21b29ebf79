package org.dl4jsam.experiments.issues;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.dl4jsam.experiments.data.Examples;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A PNG of the top suspects of an image dataset: each image (contrast-stretched from its normalized features)
 * with "rank: given → suggested" under it.
 */
final class SuspectGrid {
    private static final int COLUMNS = 5;
    private static final int CELL = 96;
    private static final int CAPTION = 28;

    private SuspectGrid() {}

    static void write(Path file, Examples train, int[] ranked, int[] given, int[] suggested, int count)
            throws IOException {
        int n = Math.min(count, ranked.length);
        int rows = (n + COLUMNS - 1) / COLUMNS;
        BufferedImage grid = new BufferedImage(COLUMNS * CELL, rows * (CELL + CAPTION), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        List<String> names = train.classNames();
        int[] top = java.util.Arrays.copyOf(ranked, n);
        INDArray images = train.features().rows(top); // [n, C, H, W]
        long channels = images.size(1);
        long height = images.size(2);
        long width = images.size(3);
        for (int k = 0; k < n; k++) {
            INDArray image = images.get(org.nd4j.linalg.indexing.NDArrayIndex.point(k));
            double min = image.minNumber().doubleValue();
            double range = Math.max(1e-12, image.maxNumber().doubleValue() - min);
            BufferedImage tile = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int[] rgb = new int[3];
                    for (int c = 0; c < 3; c++) {
                        long channel = channels == 1 ? 0 : c;
                        rgb[c] = (int) Math.round(255 * (image.getDouble(channel, y, x) - min) / range);
                    }
                    tile.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
                }
            }
            int left = (k % COLUMNS) * CELL;
            int topEdge = (k / COLUMNS) * (CELL + CAPTION);
            g.drawImage(tile, left + 8, topEdge + 4, CELL - 16, CELL - 16, null);
            g.setColor(Color.BLACK);
            g.drawString((k + 1) + ": " + names.get(given[top[k]]), left + 4, topEdge + CELL - 2);
            g.drawString("→ " + names.get(suggested[top[k]]), left + 4, topEdge + CELL + 12);
        }
        g.dispose();
        ImageIO.write(grid, "png", file.toFile());
    }
}
