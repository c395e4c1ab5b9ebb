package obs.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection of {@link EndpointServer}: its socket, the deadline its reads run against, and whether it
 * is waiting for a request (and may be evicted to make room for a new client) or busy answering one.
 * <p>
 * A socket's read timeout bounds each read, not a request: a client sending one byte per second would never
 * trip it. So every read takes its timeout from one deadline, as Go's http.Server does: the first byte of a
 * request must arrive within the idle timeout, the rest of the request within the head timeout of that byte.
 */
final class Connection {
    private static final int WAITING = 0;
    private static final int BUSY = 1;
    private static final int EVICTED = 2;

    private final Socket socket;
    private final Input input;
    private final AtomicInteger state = new AtomicInteger(WAITING);
    private volatile long waitingSince = System.nanoTime();

    Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.input = new Input(socket.getInputStream());
    }

    Socket socket() {
        return socket;
    }

    /** The socket's input, read against this connection's deadline. */
    InputStream input() {
        return input;
    }

    /**
     * Starts waiting for the next request: its first byte within {@code idle} (zero: no wait of its own, the head
     * timer starts now), then the whole request, body included, within {@code head} of that first byte.
     */
    void awaitRequest(Duration idle, Duration head) {
        input.received = 0;
        input.head = head.toNanos();
        if (idle.isZero()) {
            input.deadline = Deadline.in(head);
            input.headStarted = true;
        } else {
            input.deadline = Deadline.in(idle);
            input.headStarted = false;
        }
        waitingSince = System.nanoTime();
        state.compareAndSet(BUSY, WAITING);
    }

    /** Whether any byte of the request being waited for has arrived (a timeout then deserves a 408). */
    boolean receivedAny() {
        return input.received > 0;
    }

    /** Claims the connection to answer a request; false if it was evicted first. */
    boolean startAnswering() {
        return state.compareAndSet(WAITING, BUSY);
    }

    boolean waiting() {
        return state.get() == WAITING;
    }

    /** When it started waiting; a connection in its lingering close counts as waiting since forever. */
    long waitingSince() {
        return waitingSince;
    }

    /** Closes the connection if it is waiting rather than answering; false if it is busy (or already gone). */
    boolean evict() {
        if (!state.compareAndSet(WAITING, EVICTED)) {
            return false;
        }
        close();
        return true;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing only fails on a socket that is already closed.
        }
    }

    /**
     * Closing a socket with unread input makes the kernel send a reset, which can destroy the response the client
     * has not read yet (a rejected request usually leaves input unread). So: send FIN, drain what the client still
     * sends for at most {@code linger} and {@code maxBytes}, then close. The connection is the first to evict meanwhile.
     */
    void lingeringClose(Duration linger, long maxBytes) throws IOException {
        waitingSince = Long.MIN_VALUE;
        state.compareAndSet(BUSY, WAITING);
        socket.shutdownOutput();
        input.deadline = Deadline.in(linger);
        input.headStarted = true;
        byte[] sink = new byte[8192];
        long drained = 0;
        try {
            for (int n = input.read(sink); n > 0 && drained < maxBytes; n = input.read(sink)) {
                drained += n;
            }
        } catch (SocketTimeoutException e) {
            // The client kept sending for the whole linger time; it has had its chance to read the reply.
        }
    }

    /** The socket's input with the read timeout taken from the connection's deadline before every read. */
    private final class Input extends InputStream {
        private final InputStream raw;
        private Deadline deadline = Deadline.in(Duration.ZERO);
        private long head;
        private boolean headStarted;
        private long received;

        Input(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (deadline.expired()) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout(deadline.millis());
            int n = raw.read(b, off, len);
            if (n > 0) {
                if (!headStarted) {
                    deadline = new Deadline(System.nanoTime() + head);
                    headStarted = true;
                }
                received += n;
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }
}
