package com.carerelay.deploy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds spent on this Linux machine, split by who spent them: this JVM (the four services plus
 * the load harness, or only the harness), each service running as its own process, PostgreSQL, the Kafka
 * broker and everything else. Read from /proc; empty elsewhere.
 */
record CpuUsage(Map<String, Double> seconds) {

    private static final double TICKS_PER_SECOND = 100.0;

    static CpuUsage now() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        Path proc = Path.of("/proc");
        if (!Files.isReadable(proc.resolve("stat"))) {
            return new CpuUsage(seconds);
        }
        seconds.put("machine", machineSeconds());
        long self = ProcessHandle.current().pid();
        try (Stream<Path> processes = Files.list(proc)) {
            processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(path -> {
                try {
                    String command = Files.readString(path.resolve("cmdline")).replace('\0', ' ');
                    String stat = Files.readString(path.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    String who = Long.parseLong(path.getFileName().toString()) == self ? "this JVM (services + harness)"
                            : command.contains(" kafka.Kafka ") ? "Kafka broker"
                            : command.matches(".*/([a-z]+-service)/target/\\1-[^ ]*-exec\\.jar.*")
                            ? command.replaceAll(".*/([a-z]+-service)/target/\\1-[^ ]*-exec\\.jar.*", "$1")
                            : command.startsWith("postgres") || command.contains("/bin/postgres") ? "PostgreSQL"
                            : "other processes";
                    seconds.merge(who, cpu, Double::sum);
                } catch (IOException | RuntimeException vanished) {
                    // the process ended while being read
                }
            });
        } catch (IOException e) {
            return new CpuUsage(Map.of());
        }
        seconds.put("this JVM (services + harness)",
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() / 1e9);
        return new CpuUsage(seconds);
    }

    private static double machineSeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Seconds spent between {@code earlier} and this snapshot, per CPU user; processes that ended are not counted. */
    String since(CpuUsage earlier, double wallSeconds, long messages) {
        StringBuilder report = new StringBuilder();
        seconds.forEach((who, total) -> {
            double spent = total - earlier.seconds.getOrDefault(who, 0.0);
            report.append(String.format("  %-32s %7.1f s CPU = %4.2f cores, %6.3f ms per message%n", who, spent,
                    spent / wallSeconds, spent * 1000 / Math.max(1, messages)));
        });
        return report.toString();
    }
}
