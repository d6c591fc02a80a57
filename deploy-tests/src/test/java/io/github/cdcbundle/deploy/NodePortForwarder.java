package io.github.cdcbundle.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for kube-proxy on one NodePort: accepts TCP connections on the node's address and port and pipes each to
 * one of the Service's endpoints (pod address and target port), taking them in turn per connection as kube-proxy's
 * IPVS mode does. A Service whose selector matches several brokers therefore sends a client's connection for one
 * broker to another, as it would on a cluster.
 */
final class NodePortForwarder implements AutoCloseable {

    /** A pod address and port a Service routes to. */
    record Endpoint(String host, int port) {}

    private final ServerSocket server;
    private final List<Endpoint> endpoints;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private final int nodePort;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile String lastRefusal = "";

    NodePortForwarder(String nodeAddress, int nodePort, List<Endpoint> endpoints) throws IOException {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("NodePort " + nodePort + " has no endpoints: its selector matches no pod");
        }
        this.endpoints = List.copyOf(endpoints);
        this.nodePort = nodePort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(nodeAddress), nodePort));
        this.acceptor = new Thread(this::accept, "nodeport-" + nodePort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                continue; // the server closed: the loop ends
            }
            accepted.incrementAndGet();
            Endpoint endpoint = endpoints.get(Math.floorMod(next.getAndIncrement(), endpoints.size()));
            try {
                Socket pod = new Socket(endpoint.host(), endpoint.port());
                open.add(client);
                open.add(pod);
                pipe(client, pod);
                pipe(pod, client);
            } catch (IOException e) {
                // The pod does not listen yet: drop the client's connection at once, as kube-proxy's reset does (left
                // open, the client would wait for an answer that never comes).
                refused.incrementAndGet();
                lastRefusal = endpoint + ": " + e.getMessage();
                closeQuietly(client);
            }
        }
    }

    /** For a failure message: connections taken and refused on this NodePort. */
    String describe() {
        return "NodePort " + nodePort + ": " + accepted.get() + " connections, " + refused.get()
                + " refused by the pod" + (lastRefusal.isEmpty() ? "" : " (last: " + lastRefusal + ")");
    }

    private void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "nodeport-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(NodePortForwarder::closeQuietly);
    }
}
