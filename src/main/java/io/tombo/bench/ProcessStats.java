package io.tombo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process, read from {@code /proc/PID/stat} and {@code /proc/PID/status} (Linux);
 * the benchmark's own CPU through the JVM. Figures are -1 when unavailable.
 */
public final class ProcessStats {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** utime + stime of {@code pid} in nanoseconds, or -1. */
    public static long cpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            return cpuNanosOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 of a {@code /proc/PID/stat} line; the command name (field 2) may hold spaces. */
    static long cpuNanosOfStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** VmRSS of {@code pid} in KiB, or -1. */
    public static long rssKib(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time of this JVM (all threads), in nanoseconds, or -1. */
    public static long selfCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
