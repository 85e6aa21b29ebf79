package org.dl4jsam.updaters;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A synchronized map keyed by object identity that does not keep its keys alive. DL4J models define
 * {@code equals} over their parameters, so a {@code WeakHashMap} would confuse replicas.
 */
final class WeakIdentityMap<K, V> {
    private final Map<IdentityReference<K>, V> entries = new HashMap<>();
    private final ReferenceQueue<K> collected = new ReferenceQueue<>();

    synchronized V get(K key) {
        purge();
        return entries.get(new IdentityReference<>(key, null));
    }

    synchronized V computeIfAbsent(K key, Function<K, V> factory) {
        purge();
        return entries.computeIfAbsent(new IdentityReference<>(key, collected), k -> factory.apply(key));
    }

    synchronized void put(K key, V value) {
        purge();
        entries.put(new IdentityReference<>(key, collected), value);
    }

    synchronized int size() {
        purge();
        return entries.size();
    }

    private void purge() {
        for (Object ref; (ref = collected.poll()) != null; ) {
            entries.remove(ref);
        }
    }

    private static final class IdentityReference<K> extends WeakReference<K> {
        private final int hash;

        IdentityReference(K key, ReferenceQueue<K> queue) {
            super(key, queue);
            this.hash = System.identityHashCode(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof IdentityReference<?> other)) {
                return false;
            }
            Object mine = get();
            return mine != null && mine == other.get();
        }
    }
}
