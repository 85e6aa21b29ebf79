package org.dl4jsam.noisylabels.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Unpickler;
import org.dl4jsam.noisylabels.NoisyLabels;

/**
 * Reads the real human label sets CIFAR-10N / CIFAR-100N (Wei et al. 2022,
 * UCSC-REAL/cifar-10-100n) from the published {@code CIFAR-10_human.pt} / {@code CIFAR-100_human.pt}:
 * zip archives whose only payload is a pickle of a dict of NumPy int64 arrays (or lists), read with
 * Pyrolite ({@code net.razorvine:pickle}) and two small constructors for NumPy's pickle hooks.
 * The file's {@code clean_label} must equal the labels of the user's CIFAR copy in canonical order.
 */
public final class CifarNLabels {
    /** CIFAR-10N's label sets and their published noise rates. */
    public static final Map<String, String> CIFAR10N_KEYS = Map.of(
            "aggre",
            "aggre_label",
            "random1",
            "random_label1",
            "random2",
            "random_label2",
            "random3",
            "random_label3",
            "worse",
            "worse_label");
    /** CIFAR-100N's fine label set. */
    public static final Map<String, String> CIFAR100N_KEYS = Map.of("noisy", "noisy_label");

    private CifarNLabels() {}

    /**
     * Every array in the file, by key.
     *
     * @param file a CIFAR-N {@code .pt} file
     * @return the label arrays by key
     * @throws IOException if the file is missing or not a CIFAR-N label file
     */
    public static Map<String, int[]> readAll(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(),
                    null,
                    "CIFAR-N label file not found; download CIFAR-10_human.pt / CIFAR-100_human.pt from the CIFAR-N "
                            + "release and pass its path");
        }
        Object root;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry payload = zip.stream()
                    .filter(e -> e.getName().endsWith(".pkl"))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException(file + " holds no pickle payload (no *.pkl entry)"));
            try (InputStream in = zip.getInputStream(payload)) {
                Unpickler unpickler = new Unpickler();
                root = unpickler.load(in);
            } catch (IllegalArgumentException invalid) {
                throw new IllegalArgumentException(file + ": " + invalid.getMessage(), invalid);
            }
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(
                    file + " is not a CIFAR-N .pt file (not a zip archive): " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> dict)) {
            throw new IllegalArgumentException(
                    file + ": the pickle holds " + describe(root) + ", expected a dict of label arrays");
        }
        Map<String, int[]> arrays = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            arrays.put(String.valueOf(e.getKey()), toIntArray(file, String.valueOf(e.getKey()), e.getValue()));
        }
        return arrays;
    }

    /**
     * The label set {@code key} (a file key such as {@code worse_label} or a short name such as
     * {@code worse}), after checking the file's clean labels against the user's copy.
     *
     * @param file a CIFAR-N {@code .pt} file
     * @param key the label set
     * @param clean the training labels of the user's CIFAR copy, in file order
     * @param numClasses C
     * @return the human labels with the clean ones
     * @throws IOException if the file is missing or malformed
     */
    public static NoisyLabels read(Path file, String key, int[] clean, int numClasses) throws IOException {
        Map<String, int[]> arrays = readAll(file);
        String fileKey = CIFAR10N_KEYS.getOrDefault(key, CIFAR100N_KEYS.getOrDefault(key, key));
        int[] fileClean = arrays.get("clean_label");
        if (fileClean == null) {
            throw new IllegalArgumentException(file + " has no clean_label array; keys: " + arrays.keySet());
        }
        if (fileClean.length != clean.length) {
            throw new IllegalArgumentException(file + " has " + fileClean.length + " labels, the CIFAR training set "
                    + clean.length + ": CIFAR-N labels need the full training set in canonical order");
        }
        for (int i = 0; i < clean.length; i++) {
            if (fileClean[i] != clean[i]) {
                throw new IllegalArgumentException(file + ": clean_label[" + i + "] = " + fileClean[i]
                        + " but the CIFAR copy says " + clean[i] + ". The CIFAR-N file does not match this CIFAR copy "
                        + "(wrong dataset — CIFAR-10 vs CIFAR-100 — or a reordered/shuffled copy); use the official "
                        + "binary files in canonical order");
            }
        }
        int[] noisy = arrays.get(fileKey);
        if (noisy == null) {
            throw new IllegalArgumentException(
                    file + " has no label set \"" + key + "\"; available: " + arrays.keySet());
        }
        return new NoisyLabels(noisy, clean, numClasses);
    }

    private static int[] toIntArray(Path file, String key, Object value) {
        if (value instanceof NumpyArray array) {
            return array.toIntArray();
        }
        if (value instanceof List<?> list) {
            int[] out = new int[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) list.get(i)).intValue();
            }
            return out;
        }
        throw new IllegalArgumentException(file + ": entry " + key + " holds " + describe(value) + ", expected labels");
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    static {
        IObjectConstructor reconstruct = args -> new NumpyArray();
        IObjectConstructor dtype = args -> new NumpyDtype(String.valueOf(args[0]));
        for (String module : new String[] {"numpy.core.multiarray", "numpy._core.multiarray"}) {
            Unpickler.registerConstructor(module, "_reconstruct", reconstruct);
        }
        Unpickler.registerConstructor("numpy", "dtype", dtype);
    }

    /** A NumPy dtype as pickled: a type code such as {@code i8} plus a byte order from its state. */
    public static final class NumpyDtype {
        final String code;
        String byteOrder = "<";

        NumpyDtype(String code) {
            this.code = code;
        }

        /**
         * Pyrolite's BUILD hook.
         *
         * @param state {@code (version, byteorder, …)}
         */
        public void __setstate__(Object[] state) {
            if (state.length > 1 && state[1] instanceof String order) {
                byteOrder = order;
            }
        }
    }

    /** A 1-D NumPy integer array as pickled: {@code (version, shape, dtype, fortran, raw bytes)}. */
    public static final class NumpyArray {
        private int[] values;

        /**
         * Pyrolite's BUILD hook.
         *
         * @param state {@code (version, shape, dtype, fortran, raw bytes)}
         */
        public void __setstate__(Object[] state) {
            Object[] shape = (Object[]) state[1];
            NumpyDtype dtype = (NumpyDtype) state[2];
            long length = 1;
            for (Object d : shape) {
                length *= ((Number) d).longValue();
            }
            Object raw = state[4];
            byte[] bytes = raw instanceof byte[] b ? b : String.valueOf(raw).getBytes(StandardCharsets.ISO_8859_1);
            char kind = dtype.code.replaceAll("[^a-zA-Z]", "").isEmpty()
                    ? '?'
                    : dtype.code.replaceAll("[^a-zA-Z]", "").charAt(0);
            if (kind != 'i' && kind != 'u') {
                throw new IllegalArgumentException("a label array has NumPy dtype " + dtype.code
                        + ", but labels are integers (i1–i8, u1–u8): not a CIFAR-N label file, or one re-saved with "
                        + "non-integer labels");
            }
            int width = Integer.parseInt(dtype.code.replaceAll("[^0-9]", ""));
            if (bytes.length != length * width) {
                throw new IllegalArgumentException("NumPy array of " + length + " × " + dtype.code + " has "
                        + bytes.length + " bytes: the file is truncated or corrupt");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes)
                    .order(dtype.byteOrder.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            values = new int[(int) length];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (width) {
                    case 1 -> buffer.get();
                    case 2 -> buffer.getShort();
                    case 4 -> buffer.getInt();
                    case 8 -> Math.toIntExact(buffer.getLong());
                    default -> throw new IllegalArgumentException("unsupported NumPy dtype " + dtype.code);
                };
            }
        }

        int[] toIntArray() {
            return values;
        }
    }
}
