package com.carerelay.directory.benchmark;

import com.carerelay.directory.recipient.RecipientIndex;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Bulk directory data for the typeahead benchmark: {@code count} entries in one existing practice,
 * written with PostgreSQL COPY straight into the entity tables and {@code recipient_index} (using the
 * service's own index rows, {@link RecipientIndex.Entry#rows()}). Mix: 70% clients (of whom 80% are
 * portal-invited or active), 15% staff (95% active), 2% staff groups, 13% DIRECT contacts. It bypasses
 * the outbox, so no change events are published: this is data for measuring the typeahead, not for the
 * replicas. DIRECT contacts share one placeholder certificate (the benchmark does not read it).
 *
 * <p>Run alone against any directory database:
 * {@code java ... BulkDirectory <jdbcUrl> <user> <password> <practiceId> [count]}.
 */
public final class BulkDirectory {

    static final String[] FIRST = {"Aaliyah", "Aaron", "Abigail", "Adam", "Adrián", "Agnès", "Aiden", "Aisha", "Alejandro",
        "Alex", "Alice", "Amara", "Amélie", "Ana", "André", "Andrea", "Angela", "Anna", "Anthony", "Ava", "Beatriz",
        "Benjamin", "Björn", "Brandon", "Brianna", "Caleb", "Camila", "Carlos", "Caroline", "Charlotte", "Chloé",
        "Christopher", "Claire", "Daniel", "Danielle", "David", "Diego", "Dmitri", "Dominique", "Élodie", "Elena",
        "Eli", "Elijah", "Emily", "Emma", "Éric", "Ethan", "Eva", "Fatima", "François", "Gabriel", "Grace", "Hannah",
        "Héctor", "Henry", "Hiroshi", "Ibrahim", "Inès", "Isabella", "Isaac", "Jack", "Jacob", "James", "Javier",
        "Jessica", "João", "John", "Jordan", "José", "Joseph", "Julia", "Jürgen", "Kai", "Katarzyna", "Kevin",
        "Kim", "Laila", "Laura", "Lena", "Leo", "Liam", "Lily", "Lucas", "Lucía", "Luis", "Maria", "María", "Mark",
        "Mateo", "Matthew", "Maya", "Mei", "Mia", "Michael", "Miguel", "Mohammed", "Nadia", "Natalia", "Nathan",
        "Nicolás", "Noah", "Noémie", "Olivia", "Omar", "Oscar", "Paul", "Priya", "Rafael", "Rebecca", "Renée",
        "Ryan", "Samuel", "Sara", "Sebastián", "Sofia", "Søren", "Sophie", "Stéphane", "Taylor", "Thomas", "Valentina",
        "Victoria", "William", "Yusuf", "Zoë", "Zoe"};
    static final String[] LAST = {"Abbott", "Adams", "Álvarez", "Andersen", "Anderson", "Baker", "Bennett", "Brown",
        "Bui", "Castillo", "Chen", "Clark", "Collins", "Cruz", "Dubois", "Díaz", "Edwards", "Evans", "Fernández",
        "Fischer", "Flores", "Foster", "García", "Gómez", "González", "Green", "Hall", "Harris", "Hernández", "Hill",
        "Huang", "Ito", "Jackson", "Jensen", "Johnson", "Jones", "Kelly", "Khan", "Kim", "King", "Kowalski", "Lee",
        "Lefèvre", "Lewis", "Li", "López", "Martin", "Martínez", "Müller", "Murphy", "Nakamura", "Nguyen", "Novák",
        "O'Brien", "O'Connor", "Okafor", "Ortiz", "Patel", "Pérez", "Peterson", "Phillips", "Ramírez", "Reyes",
        "Richardson", "Rivera", "Roberts", "Rodríguez", "Rossi", "Sánchez", "Schmidt", "Schneider", "Scott", "Singh",
        "Smith", "Sørensen", "Suzuki", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Turner", "Walker",
        "Wang", "Weber", "White", "Williams", "Wilson", "Wójcik", "Wright", "Yamamoto", "Young", "Zhang", "Zimmermann",
        "Hale-Moore", "Van der Berg", "De la Cruz", "Ångström", "Núñez", "Çelik", "Öztürk", "Łukaszewicz"};
    static final String[] ORGANIZATIONS = {"Mercy General Hospital", "St. Luke's Medical Center", "Riverside Clinic",
        "Northside Pediatrics", "Valley Cardiology", "Lakeshore Behavioral Health", "Summit Orthopedics",
        "Harbor Family Medicine", "Cedar Oncology Group", "Pine Ridge Psychiatry"};
    static final String[] GROUP_WORDS = {"Care", "Intake", "Team", "Night", "Clinical", "Review", "Pediatric",
        "Adult", "Crisis", "Billing", "Front", "Desk", "Therapy", "Group", "North", "South", "East", "West"};

    private static final String PLACEHOLDER_PEM = "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n";

    private BulkDirectory() {
    }

    /** What was generated: entries, and how many rows the index got. */
    public record Loaded(int entries, int suggestible, long indexRows, long millis) {
    }

    public static Loaded load(Connection connection, UUID practiceId, int count, long seed) throws SQLException, IOException {
        long started = System.currentTimeMillis();
        Random random = new Random(seed);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        Rows staff = new Rows();
        Rows clients = new Rows();
        Rows groups = new Rows();
        Rows members = new Rows();
        Rows contacts = new Rows();
        Rows index = new Rows();
        List<UUID> activeStaff = new ArrayList<>();
        int suggestible = 0;
        int staffCount = count * 15 / 100;
        int groupCount = count * 2 / 100;
        int contactCount = count * 13 / 100;
        int clientCount = count - staffCount - groupCount - contactCount;
        for (int i = 0; i < staffCount; i++) {
            UUID id = UUID.randomUUID();
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            boolean active = random.nextInt(100) < 95;
            String email = "staff" + i + "@bulk.example";
            staff.add(id, practiceId, first, last, email, active, "{clinician}", false, 1);
            if (active) {
                activeStaff.add(id);
                suggestible++;
                index.addAll(RecipientIndex.Entry.staff(id, practiceId, first, last, email).rows());
            }
        }
        for (int i = 0; i < groupCount; i++) {
            UUID id = UUID.randomUUID();
            String name = pick(random, GROUP_WORDS) + " " + pick(random, GROUP_WORDS) + " " + i;
            groups.add(id, practiceId, name, 1);
            int size = 2 + random.nextInt(12);
            List<UUID> chosen = new ArrayList<>();
            for (int m = 0; m < size && !activeStaff.isEmpty(); m++) {
                UUID member = activeStaff.get(random.nextInt(activeStaff.size()));
                if (!chosen.contains(member)) {
                    chosen.add(member);
                    members.add(id, member);
                }
            }
            suggestible++;
            index.addAll(RecipientIndex.Entry.group(id, practiceId, name, chosen.size()).rows());
        }
        for (int i = 0; i < clientCount; i++) {
            UUID id = UUID.randomUUID();
            String first = pick(random, FIRST);
            String last = pick(random, LAST);
            String preferred = random.nextInt(10) == 0 ? pick(random, FIRST) : null;
            String email = "client" + i + "@bulk.example";
            int roll = random.nextInt(100);
            PortalStatus status = roll < 50 ? PortalStatus.active : roll < 80 ? PortalStatus.invited
                    : roll < 95 ? PortalStatus.not_invited : PortalStatus.revoked;
            clients.add(id, practiceId, first, last, preferred, email, null, "America/New_York", "en-US", status.name(),
                    true, false, 1);
            if (status == PortalStatus.active || status == PortalStatus.invited) {
                suggestible++;
                index.addAll(RecipientIndex.Entry.client(id, practiceId, first, last, preferred, email).rows());
            }
        }
        for (int i = 0; i < contactCount; i++) {
            UUID id = UUID.randomUUID();
            String name = "Dr. " + pick(random, FIRST) + " " + pick(random, LAST);
            String organization = pick(random, ORGANIZATIONS);
            String address = "provider" + i + "@direct.bulk.example";
            contacts.add(id, practiceId, name, organization, address, PLACEHOLDER_PEM, "2099-01-01T00:00:00Z", "active", 1);
            suggestible++;
            index.addAll(RecipientIndex.Entry.directContact(id, practiceId, name, organization, address).rows());
        }
        copy.copyIn("copy staff (id, practice_id, first_name, last_name, email, active, roles, email_notifications, version)"
                + " from stdin (format csv)", staff.reader());
        copy.copyIn("copy staff_group (id, practice_id, name, version) from stdin (format csv)", groups.reader());
        copy.copyIn("copy staff_group_member (group_id, staff_id) from stdin (format csv)", members.reader());
        copy.copyIn("copy client (id, practice_id, first_name, last_name, preferred_name, email, phone, time_zone, locale,"
                + " portal_status, email_notifications, push_notifications, version) from stdin (format csv)", clients.reader());
        copy.copyIn("copy direct_contact (id, practice_id, name, organization, direct_address, certificate_pem,"
                + " certificate_not_after, status, version) from stdin (format csv)", contacts.reader());
        long indexRows = copy.copyIn("copy recipient_index (entry_id, token, practice_id, kind, sort_key, search_text,"
                + " display_name, detail, member_count) from stdin (format csv)", index.reader());
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze recipient_index");
            statement.execute("analyze staff");
            statement.execute("analyze client");
        }
        return new Loaded(count, suggestible, indexRows, System.currentTimeMillis() - started);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** CSV rows for COPY: every value quoted, null as an unquoted empty field. */
    private static final class Rows {

        private final StringBuilder csv = new StringBuilder(1 << 20);

        void add(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    csv.append(',');
                }
                if (values[i] != null) {
                    csv.append('"').append(values[i].toString().replace("\"", "\"\"")).append('"');
                }
            }
            csv.append('\n');
        }

        void addAll(List<Object[]> rows) {
            rows.forEach(this::add);
        }

        StringReader reader() {
            return new StringReader(csv.toString());
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: BulkDirectory <jdbcUrl> <user> <password> <practiceId> [count]");
            System.exit(2);
        }
        int count = args.length > 4 ? Integer.parseInt(args[4]) : 200_000;
        try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
            Loaded loaded = load(connection, UUID.fromString(args[3]), count, 42);
            System.out.printf("Loaded %,d entries (%,d suggestible, %,d index rows) in %,d ms%n", loaded.entries(),
                    loaded.suggestible(), loaded.indexRows(), loaded.millis());
        }
    }

    /**
     * Query prefixes a person might type (ASCII, as on a keyboard; the index folds accents): 1 to 5 leading
     * letters of real names, some "first l" pairs, some organization prefixes.
     */
    public static List<String> queries(Random random, int count) {
        List<String> queries = new ArrayList<>(count);
        Consumer<String> add = query -> queries.add(query.strip());
        for (int i = 0; i < count; i++) {
            int kind = random.nextInt(100);
            String first = ascii(pick(random, FIRST));
            String last = ascii(pick(random, LAST));
            if (kind < 10) {
                add.accept(first + " " + last.substring(0, Math.min(last.length(), 1 + random.nextInt(3))));
            } else if (kind < 55) {
                add.accept(first.substring(0, Math.min(first.length(), 1 + random.nextInt(5))));
            } else if (kind < 95) {
                add.accept(last.substring(0, Math.min(last.length(), 1 + random.nextInt(5))));
            } else {
                add.accept(pick(random, ORGANIZATIONS).substring(0, 3 + random.nextInt(3)));
            }
        }
        return queries;
    }

    static String ascii(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L");
    }
}
