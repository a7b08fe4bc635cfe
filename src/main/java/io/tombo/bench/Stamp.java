package io.tombo.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first {@value #LENGTH} bytes of every benchmark payload: the intended send time (epoch nanoseconds), the
 * publisher's number and its sequence number, big-endian. Receivers read them in place, without decoding a packet.
 */
public final class Stamp {
    public static final int LENGTH = 20;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Stamp() {
    }

    public static void write(byte[] b, int at, long sendNanos, int publisher, long sequence) {
        LONG.set(b, at, sendNanos);
        INT.set(b, at + 8, publisher);
        LONG.set(b, at + 12, sequence);
    }

    public static long sendNanos(byte[] b, int at) {
        return (long) LONG.get(b, at);
    }

    public static int publisher(byte[] b, int at) {
        return (int) INT.get(b, at + 8);
    }

    public static long sequence(byte[] b, int at) {
        return (long) LONG.get(b, at + 12);
    }
}
