package com.carerelay.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The fault harness's findings: per fault (phase) what was accepted, lost, duplicated, dead-lettered, and how long it took. */
final class FaultReport {

    /** One fault, as the harness ran it. */
    static final class Phase {
        final int index;
        final String name;
        final Instant start;
        Instant repairedAt;
        Instant sendsBackAt;
        Instant caughtUpAt;
        List<ServiceProcess.Stop> stops = List.of();
        final List<String> notes = new ArrayList<>();

        Phase(int index, String name, Instant start) {
            this.index = index;
            this.name = name;
            this.start = start;
        }

        void note(String note) {
            notes.add(note);
            FaultHarness.log("phase " + index + ": " + note);
        }
    }

    private final List<Phase> phases;
    private final Instant end;
    private final List<SendLoad.Outcome> outcomes;
    private final FaultChecks checks;
    private final SendLoad load;
    private final List<DeadLetters.DeadLetter> deadLetters;
    private final List<String> apiChecks;

    FaultReport(List<Phase> phases, Instant end, List<SendLoad.Outcome> outcomes, FaultChecks checks, SendLoad load,
                List<DeadLetters.DeadLetter> deadLetters, List<String> apiChecks) {
        this.phases = phases;
        this.end = end;
        this.outcomes = outcomes;
        this.checks = checks;
        this.load = load;
        this.deadLetters = deadLetters;
        this.apiChecks = apiChecks;
    }

    void print(PrintStream out, Path home) throws Exception {
        List<UUID> accepted = outcomes.stream().filter(SendLoad.Outcome::accepted).map(SendLoad.Outcome::messageId).toList();
        Map<UUID, FaultChecks.Trace> traces = checks.trace(accepted);
        Map<String, Integer> severalMessages = checks.keysWithSeveralMessages();
        Map<String, UUID> stored = checks.storedByKey();
        Map<String, SendLoad.Outcome> byKey = new HashMap<>();
        outcomes.forEach(o -> byKey.put(o.key(), o));
        List<String> findings = new ArrayList<>();
        List<Instant> answers = outcomes.stream().filter(SendLoad.Outcome::accepted).map(SendLoad.Outcome::answered)
                .sorted().toList();

        StringBuilder table = new StringBuilder();
        table.append("| fault | sends | accepted (201) | lost | duplicated | dead letters | 5xx other than 503 | 503 / connection errors (retried) | not accepted | longest time without a 201 | recovered (repair → all accepted delivered and audited) |\n");
        table.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Phase phase : phases) {
            Instant until = phase.index + 1 < phases.size() ? phases.get(phase.index + 1).start : end;
            List<SendLoad.Outcome> mine = outcomes.stream().filter(o -> o.phase() == phase.index).toList();
            long acceptedHere = mine.stream().filter(SendLoad.Outcome::accepted).count();
            long lost = 0;
            long duplicated = 0;
            for (SendLoad.Outcome outcome : mine) {
                if (!outcome.accepted()) {
                    continue;
                }
                FaultChecks.Trace trace = outcome.messageId() == null ? null : traces.get(outcome.messageId());
                boolean severalForKey = severalMessages.containsKey(outcome.key());
                UUID storedId = stored.get(outcome.key());
                boolean otherId = storedId != null && !storedId.equals(outcome.messageId());
                if (trace == null || !trace.complete()) {
                    lost++;
                    findings.add("LOST (phase " + phase.index + ", key " + outcome.key() + ", tries " + outcome.tries() + "): "
                            + (trace == null ? "201 without a message id" : trace.describe()));
                }
                if ((trace != null && trace.duplicated()) || severalForKey || otherId) {
                    duplicated++;
                    findings.add("DUPLICATED (phase " + phase.index + ", key " + outcome.key() + "): "
                            + (trace == null ? "" : trace.describe())
                            + (severalForKey ? "; " + severalMessages.get(outcome.key()) + " messages for its key" : "")
                            + (otherId ? "; 201 named " + outcome.messageId() + " but the key's message is " + storedId : ""));
                }
            }
            long notAccepted = mine.size() - acceptedHere;
            long storedUnacknowledged = mine.stream().filter(o -> !o.accepted() && stored.containsKey(o.key())).count();
            if (notAccepted > 0) {
                Map<Integer, Long> finals = new HashMap<>();
                mine.stream().filter(o -> !o.accepted()).forEach(o -> finals.merge(o.status(), 1L, Long::sum));
                findings.add("phase " + phase.index + ": " + notAccepted + " sends not accepted, final answers " + finals
                        + " (-1 = gave up after retrying); " + storedUnacknowledged + " of them stored anyway");
            }
            if (load.notSent.get(phase.index) > 0) {
                findings.add("phase " + phase.index + ": " + load.notSent.get(phase.index)
                        + " sends not started (the client had too many sends in retry)");
            }
            long dead = deadLetters.stream().filter(d -> !d.at().isBefore(phase.start) && d.at().isBefore(until)).count();
            Duration gap = Duration.ZERO;
            for (int i = 1; i < answers.size(); i++) {
                if (!answers.get(i).isBefore(phase.start) && answers.get(i).isBefore(until)) {
                    Duration between = Duration.between(answers.get(i - 1), answers.get(i));
                    gap = between.compareTo(gap) > 0 ? between : gap;
                }
            }
            String recovered = phase.caughtUpAt == null ? "**not within the timeout**"
                    : FaultHarness.secs(Duration.between(phase.repairedAt, phase.caughtUpAt));
            if (phase.sendsBackAt != null && phase.index > 0) {
                recovered += " (201s again " + FaultHarness.secs(Duration.between(phase.repairedAt, phase.sendsBackAt).isNegative()
                        ? Duration.ZERO : Duration.between(phase.repairedAt, phase.sendsBackAt)) + " after the repair)";
            }
            table.append(String.format("| %s | %d | %d | %s | %s | %s | %s | %d / %d | %d | %s | %s |%n", phase.name, mine.size(),
                    acceptedHere, bold(lost), bold(duplicated), bold(dead), bold(load.otherServerErrors.get(phase.index)),
                    load.unavailable.get(phase.index), load.connectionErrors.get(phase.index), notAccepted,
                    FaultHarness.secs(gap), recovered));
        }
        for (DeadLetters.DeadLetter dead : deadLetters) {
            findings.add("DEAD LETTER " + dead.topic() + " " + dead.partition() + "/" + dead.offset() + " at " + dead.at()
                    + " type " + dead.type() + ": " + dead.reason());
        }
        load.otherErrorSamples().forEach(sample -> findings.add("answer other than 201/503: " + sample));
        phases.stream().flatMap(p -> p.stops.stream()).filter(s -> !s.exited()).forEach(s -> findings.add("SIGTERM: "
                + s.service() + "-service took " + FaultHarness.secs(s.took()) + ", over the limit; threads at the limit: "
                + home.relativize(s.threadDump())));

        StringBuilder sigterm = new StringBuilder();
        for (Phase phase : phases) {
            if (phase.stops.isEmpty()) {
                continue;
            }
            sigterm.append("| ").append(phase.name).append(" |");
            for (ServiceProcess.Stop stop : phase.stops.stream().sorted(Comparator.comparing(ServiceProcess.Stop::service)
                    .thenComparing(s -> FaultHarness.SERVICES.indexOf(s.service()))).toList()) {
                sigterm.append(' ').append(stop.service()).append(": ")
                        .append(stop.exited() ? FaultHarness.secs(stop.took()) + " (exit " + stop.exitCode() + ")"
                                : stop.killed() ? "**still running after " + FaultHarness.secs(stop.took()) + ", killed -9**"
                                : "**" + FaultHarness.secs(stop.took()) + "** (exit " + stop.exitCode() + ")")
                        .append(" |");
            }
            sigterm.append('\n');
        }

        out.println();
        out.println("=== Fault harness: " + outcomes.size() + " sends at " + FaultHarness.RATE + "/s from 3 staff members, each with"
                + " its own Idempotency-Key (retried with the same key on 503 / connection error); logs in " + home + " ===");
        out.println();
        out.print(table);
        if (!sigterm.isEmpty()) {
            out.println();
            out.println("SIGTERM, time until each service process exited (limit " + FaultHarness.SIGTERM_LIMIT.toSeconds() + " s):");
            out.println();
            out.println("| while | " + String.join(" | ", FaultHarness.SERVICES.stream().sorted().toList()) + " |");
            out.println("|---|---|---|---|---|");
            out.print(sigterm.toString().replaceAll("\\| ([a-z]+): ", "| "));
        }
        out.println();
        for (Phase phase : phases) {
            if (!phase.notes.isEmpty()) {
                out.println("phase " + phase.index + " (" + phase.name + "): " + String.join("; ", phase.notes));
            }
        }
        apiChecks.forEach(out::println);
        out.println(findings.isEmpty() ? "No findings: nothing lost, duplicated or dead-lettered." : "Findings:");
        findings.stream().limit(200).forEach(f -> out.println("  " + f));
        if (findings.size() > 200) {
            out.println("  ... and " + (findings.size() - 200) + " more");
        }
        out.println();
    }

    private static String bold(long n) {
        return n == 0 ? "0" : "**" + n + "**";
    }
}
