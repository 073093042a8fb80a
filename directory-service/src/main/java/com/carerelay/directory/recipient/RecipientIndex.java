package com.carerelay.directory.recipient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps {@code recipient_index} (one row per indexed name part of every entry the typeahead may
 * return) in step with the directory, inside the transaction of each change. Entries that must never
 * be suggested (inactive staff, clients not invited or revoked, inactive DIRECT contacts) have no rows.
 */
@Component
public class RecipientIndex {

    public static final String INSERT = """
            insert into recipient_index (entry_id, token, practice_id, kind, sort_key, search_text, display_name,
                detail, member_count) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** One entry as the compose box shows it. {@code names} are what the typeahead matches on. */
    public record Entry(UUID id, UUID practiceId, RecipientKind kind, List<String> names, String displayName,
                        String detail, Integer memberCount) {

        /** A staff member: matched on first and last name, shown with their e-mail. */
        public static Entry staff(UUID id, UUID practiceId, String firstName, String lastName, String email) {
            return new Entry(id, practiceId, RecipientKind.staff, List.of(firstName, lastName),
                    firstName + " " + lastName, email, null);
        }

        /** A staff group: matched on its name, shown with its number of active members. */
        public static Entry group(UUID id, UUID practiceId, String name, int activeMembers) {
            return new Entry(id, practiceId, RecipientKind.group, List.of(name), name, null, activeMembers);
        }

        /** A portal client: matched on first, last and preferred name, shown with the preferred name and e-mail. */
        public static Entry client(UUID id, UUID practiceId, String firstName, String lastName, String preferredName,
                                   String email) {
            boolean goesBy = preferredName != null && !preferredName.isBlank() && !preferredName.equals(firstName);
            List<String> names = new ArrayList<>(List.of(firstName, lastName));
            if (goesBy) {
                names.add(preferredName);
            }
            return new Entry(id, practiceId, RecipientKind.client, names,
                    firstName + " " + lastName + (goesBy ? " (" + preferredName + ")" : ""),
                    email == null ? "Portal client" : email, null);
        }

        /** A DIRECT contact: matched on name and organization, shown with the DIRECT address and organization. */
        public static Entry directContact(UUID id, UUID practiceId, String name, String organization, String address) {
            List<String> names = new ArrayList<>(List.of(name));
            if (organization != null) {
                names.add(organization);
            }
            return new Entry(id, practiceId, RecipientKind.direct_contact, names, name,
                    organization == null || organization.isBlank() ? address : address + " · " + organization, null);
        }

        /** The index rows of this entry, in {@link #INSERT} column order. */
        public List<Object[]> rows() {
            List<String> tokens = SearchText.tokens(names.toArray(String[]::new));
            String searchText = SearchText.searchText(tokens);
            String sortKey = SearchText.sortKey(displayName);
            List<Object[]> rows = new ArrayList<>(tokens.size());
            for (String token : tokens) {
                rows.add(new Object[]{id, token, practiceId, kind.name(), sortKey, searchText, displayName, detail,
                        memberCount});
            }
            return rows;
        }
    }

    private final JdbcTemplate jdbc;

    public RecipientIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the entry's rows (none when it must not be suggested). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void put(Entry entry, boolean suggestible) {
        remove(entry.id());
        if (suggestible) {
            jdbc.batchUpdate(INSERT, entry.rows());
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void remove(UUID entryId) {
        jdbc.update("delete from recipient_index where entry_id = ?", entryId);
    }

    /**
     * Recounts the active members of every group the staff member belongs to (their active flag may have
     * changed). The staff row must already be flushed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recountGroupsOf(UUID staffId) {
        jdbc.update("""
                update recipient_index r set member_count = (
                    select count(*) from staff_group_member m join staff s on s.id = m.staff_id
                    where m.group_id = r.entry_id and s.active)
                where r.kind = 'group' and r.entry_id in (select group_id from staff_group_member where staff_id = ?)""",
                staffId);
    }
}
