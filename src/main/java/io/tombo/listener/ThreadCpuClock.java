package io.tombo.listener;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;

/**
 * The CPU time of the thread that created it, read on that thread. On Linux it reads the thread's own
 * {@code /proc/thread-self/schedstat} through a file kept open (two system calls, no class beyond what every JVM
 * loads); elsewhere it asks {@link java.lang.management.ThreadMXBean}, whose management classes and native library
 * cost an idle broker about half a megabyte, which Linux is spared.
 */
final class ThreadCpuClock {
    private final RandomAccessFile schedstat;
    private final byte[] buffer = new byte[64];

    /** Call on the thread to be measured. */
    ThreadCpuClock() {
        RandomAccessFile f;
        try {
            f = new RandomAccessFile("/proc/thread-self/schedstat", "r");
        } catch (IOException e) {
            f = null;
        }
        this.schedstat = f;
    }

    /** Nanoseconds of CPU the thread has used, or -1 if unknown. Call on the measured thread. */
    long nanos() {
        if (schedstat == null) {
            return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
        try {
            schedstat.seek(0);
            int n = schedstat.read(buffer);
            long value = 0;
            for (int i = 0; i < n && buffer[i] >= '0' && buffer[i] <= '9'; i++) {
                value = value * 10 + (buffer[i] - '0'); // the first field: time on the CPU, in nanoseconds
            }
            return n > 0 ? value : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
