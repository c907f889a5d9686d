package com.keepintouch.bench;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.SocketFactory;

/** Plain IMAP connections for the generator and the ceiling, tuned for many small commands. */
public final class Imap {

    private Imap() {}

    /** A connected store; close it. */
    public static Store connect(String host, int port, String username, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "60000");
        properties.put("mail.imap.socketFactory", new NoDelay());
        properties.put("mail.imap.socketFactory.fallback", "false");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect(host, port, username, password);
        return store;
    }

    /**
     * Sockets with Nagle's algorithm off: Jakarta Mail writes an APPEND's command and its message in
     * two writes, and with Nagle on the second waits for the server's delayed acknowledgement
     * (about 40 ms), which makes appending 30 times slower.
     */
    static final class NoDelay extends SocketFactory {

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }
    }
}
