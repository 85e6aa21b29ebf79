package org.dl4jsam.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * The UDP port of DL4J's shared training (gradient sharing over Aeron) for clusters that run several executors,
 * or the driver and an executor, on one host: each JVM takes a free port of its own, chosen once. DL4J's
 * {@code VoidConfiguration.builder().unicastPort(p)} gives every JVM the same port {@code p}; on one host the
 * executors and the driver then share it and {@code fit} returns with the driver's parameters unchanged, silently.
 * The controller (the driver) listens on {@code VoidConfiguration.setUnicastControllerPort(int)}.
 *
 * <pre>{@code
 * VoidConfiguration conf = VoidConfiguration.builder()
 *         .portSupplier(new PerJvmPortSupplier())
 *         .networkMask("10.0.0.0/16").controllerAddress(driverIp)
 *         .build();
 * conf.setUnicastControllerPort(40123);
 * }</pre>
 *
 * On a cluster with a firewall, open UDP to the executors' hosts, or use a fixed port per host instead.
 */
public final class PerJvmPortSupplier implements PortSupplier {
    private static final long serialVersionUID = 1L;
    private static volatile int port;

    @Override
    public int getPort() {
        int chosen = port;
        if (chosen == 0) {
            synchronized (PerJvmPortSupplier.class) {
                if (port == 0) {
                    try (DatagramSocket socket = new DatagramSocket(0)) {
                        port = socket.getLocalPort();
                    } catch (IOException e) {
                        throw new UncheckedIOException("PerJvmPortSupplier: no free UDP port on this host", e);
                    }
                }
                chosen = port;
            }
        }
        return chosen;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PerJvmPortSupplier;
    }

    @Override
    public int hashCode() {
        return PerJvmPortSupplier.class.hashCode();
    }

    @Override
    public String toString() {
        return "PerJvmPortSupplier";
    }
}
