package io.hypershift.support.dataplane;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A directed graph of mirror names sorted so that every edge is respected where possible, deterministically: the MCO's
 * {@code topoGraph} ({@code openshift/runtime-utils pkg/registries/topo.go}). Kahn's algorithm over nodes in name
 * order; each batch of newly free nodes is queued in name order; a cycle is broken by taking the first unused node in
 * name order. Mirror lists (B, C) and (A, B) thus merge into (A, B, C).
 */
final class TopoOrder {
    private static final class Node {
        final String name;
        final Set<Node> ins = new HashSet<>();
        final Set<Node> outs = new HashSet<>();
        boolean used;

        Node(String name) {
            this.name = name;
        }
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    void addEdge(String from, String to) {
        Node f = node(from);
        Node t = node(to);
        f.outs.add(t);
        t.ins.add(f);
    }

    private Node node(String name) {
        return nodes.computeIfAbsent(name, Node::new);
    }

    List<String> sorted() {
        List<Node> all = new ArrayList<>(nodes.values());
        all.sort(Comparator.comparing(n -> n.name));
        Deque<Node> free = new ArrayDeque<>();
        for (Node n : all) {
            if (n.ins.isEmpty()) {
                free.add(n);
            }
        }
        List<String> out = new ArrayList<>();
        int next = 0;
        while (!free.isEmpty() || next < all.size()) {
            Node n;
            if (!free.isEmpty()) {
                n = free.poll();
            } else {
                n = all.get(next++);
                if (n.used) {
                    continue;
                }
            }
            n.used = true;
            out.add(n.name);
            List<Node> batch = new ArrayList<>();
            for (Node o : n.outs) {
                o.ins.remove(n);
                if (o.ins.isEmpty() && !o.used) {
                    batch.add(o);
                }
            }
            batch.sort(Comparator.comparing(b -> b.name));
            free.addAll(batch);
        }
        return out;
    }
}
