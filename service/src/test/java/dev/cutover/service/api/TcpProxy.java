package dev.cutover.service.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the service and its database that a test cuts (every connection dropped, new ones refused)
 * and restores, to make the database unreachable for real without touching the shared server.
 */
final class TcpProxy {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    TcpProxy(String targetHost, int targetPort, int firstPort, int lastPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = bind(firstPort, lastPort);
    }

    private int bind(int firstPort, int lastPort) throws IOException {
        for (int candidate = firstPort; candidate <= lastPort; candidate++) {
            try {
                listen(candidate);
                return candidate;
            } catch (IOException taken) {
                // try the next port of the range
            }
        }
        throw new IOException("no free port in " + firstPort + ".." + lastPort);
    }

    int port() {
        return port;
    }

    /** Drops every relayed connection and refuses new ones. */
    synchronized void cut() throws IOException {
        listener.close();
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException alreadyClosed) {
                // the other side hung up first
            }
            closeQuietly(socket);
        }
        open.clear();
    }

    /** Accepts connections again on the same port. */
    synchronized void restore() throws IOException {
        listen(port);
    }

    private void listen(int candidate) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
        listener = server;
        Thread accept = new Thread(() -> acceptLoop(server), "db-proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException dropped) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "db-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
