package org.dl4jsam.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A Spark standalone cluster of separate JVMs on 127.0.0.1 for the tests: a master and workers started from the
 * Spark jars on the test class path, each worker running its executors in JVMs of their own, as on a real
 * cluster. The executors get Spark, DL4J and the other dependencies from the workers' class path
 * ({@code SPARK_DIST_CLASSPATH}) and this project's classes only as the application's jars ({@code spark.jars}),
 * shipped by the driver as {@code spark-submit} ships them. {@link #close()} stops every process it started,
 * executors included.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final long START_SECONDS = 90;

    /** The JDK 17 module openings Spark and ND4J need in every JVM. */
    static final List<String> OPENS = Stream.of(
                    "java.base/java.lang",
                    "java.base/java.lang.invoke",
                    "java.base/java.lang.reflect",
                    "java.base/java.io",
                    "java.base/java.net",
                    "java.base/java.nio",
                    "java.base/java.util",
                    "java.base/java.util.concurrent",
                    "java.base/java.util.concurrent.atomic",
                    "java.base/sun.nio.ch",
                    "java.base/sun.nio.cs",
                    "java.base/sun.security.action",
                    "java.base/sun.util.calendar")
            .map(module -> "--add-opens=" + module + "=ALL-UNNAMED")
            .toList();

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final String masterUrl;
    private final List<String> applicationJars;

    private StandaloneCluster(Path dir, String masterUrl, List<String> applicationJars) {
        this.dir = dir;
        this.masterUrl = masterUrl;
        this.applicationJars = applicationJars;
    }

    /**
     * Starts a master and {@code workers} workers of one core each, and waits until every worker has registered.
     *
     * @param dir a scratch directory (logs, the workers' directories, the application jars)
     * @param workers the number of workers
     * @return the running cluster
     * @throws IOException if a process cannot start or does not come up in time
     */
    static StandaloneCluster start(Path dir, int workers) throws IOException {
        Path repository = Path.of("").toAbsolutePath().getParent();
        List<String> dependencies = new ArrayList<>();
        List<String> ours = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            boolean project = path.startsWith(repository) || entry.contains("/org/dl4jsam/");
            if (!project) {
                dependencies.add(entry);
            } else if (Files.isDirectory(path)) {
                ours.add(jar(path, dir.resolve("app-" + ours.size() + ".jar")).toString());
            } else if (Files.isRegularFile(path)) {
                ours.add(path.toString());
            }
        }
        Path home = Files.createDirectories(dir.resolve("spark-home"));
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "test cluster\n");
        String classPath = String.join(File.pathSeparator, dependencies);
        int masterPort = freePort();
        StandaloneCluster cluster = new StandaloneCluster(dir, "spark://127.0.0.1:" + masterPort, List.copyOf(ours));
        try {
            Path masterLog = dir.resolve("master.log");
            cluster.launch(
                    home,
                    classPath,
                    masterLog,
                    "org.apache.spark.deploy.master.Master",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    Integer.toString(masterPort),
                    "--webui-port",
                    Integer.toString(freePort()));
            awaitLine(masterLog, "I have been elected leader");
            for (int w = 0; w < workers; w++) {
                Path log = dir.resolve("worker-" + w + ".log");
                cluster.launch(
                        home,
                        classPath,
                        log,
                        "org.apache.spark.deploy.worker.Worker",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(freePort()),
                        "--webui-port",
                        Integer.toString(freePort()),
                        "--cores",
                        "1",
                        "--memory",
                        "3g",
                        "--work-dir",
                        Files.createDirectories(dir.resolve("work-" + w)).toString(),
                        cluster.masterUrl);
                awaitLine(log, "Successfully registered with master");
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * A driver (this JVM) for an application on the cluster.
     *
     * @param executors executors of one core each (at most the number of workers)
     * @param kryo whether to serialize with Kryo and {@link SamKryoRegistrator}
     * @return the context; stop it before {@link #close()}
     */
    JavaSparkContext context(int executors, boolean kryo) {
        SparkConf conf = new SparkConf()
                .setMaster(masterUrl)
                .setAppName("dl4j-sam-cluster-test")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.jars", String.join(",", applicationJars))
                .set("spark.executor.cores", "1")
                .set("spark.cores.max", Integer.toString(executors))
                .set("spark.executor.memory", "768m")
                .set("spark.task.maxFailures", "1")
                .set(
                        "spark.executor.extraJavaOptions",
                        "-Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g "
                                + "-XX:ActiveProcessorCount=1 -Daeron.publication.unblock.timeout=60000000000 "
                                + String.join(" ", OPENS));
        if (kryo) {
            conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .set("spark.kryo.registrator", SamKryoRegistrator.class.getName());
        }
        JavaSparkContext sc = new JavaSparkContext(conf);
        awaitExecutors(sc, executors);
        return sc;
    }

    private static void awaitExecutors(JavaSparkContext sc, int executors) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (sc.sc().getExecutorMemoryStatus().size() - 1 < executors) { // the driver counts as one
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cluster started "
                        + (sc.sc().getExecutorMemoryStatus().size() - 1) + " of " + executors + " executors in "
                        + START_SECONDS + " s");
            }
            sleep(200);
        }
    }

    private void launch(Path home, String classPath, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(OPENS);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_DIST_CLASSPATH", classPath);
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(builder.start());
    }

    private static void awaitLine(Path log, String line) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!Files.exists(log)
                || !Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no '" + line + "' in " + log + " after " + START_SECONDS + " s:\n"
                        + (Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)"));
            }
            sleep(200);
        }
    }

    /** The directory's classes (and resources) as a jar. */
    private static Path jar(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> paths = Files.walk(classes)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster started", e);
        }
    }

    /** Stops the workers' executors, the workers and the master. */
    @Override
    public void close() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
