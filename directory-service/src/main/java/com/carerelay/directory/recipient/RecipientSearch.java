package com.carerelay.directory.recipient;

import com.carerelay.platform.security.Caller;
import com.carerelay.platform.web.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The compose box's recipient typeahead, answered by one SQL statement over {@code recipient_index}.
 *
 * <p>The longest query word drives the search: for each kind, one range scan of the btree on
 * (practice_id, kind, token, sort_key) from the word to its {@link SearchText#upperBound upper bound},
 * in index order, stopping after {@code limit * MAX_TOKENS} rows (enough for {@code limit} distinct
 * entries, since no entry has more rows). The other words must start some name part of the same entry
 * ({@code search_text like '% word%'}, checked on the index's included column). Clients are scanned only
 * when the practice has portal messaging on, DIRECT contacts only when it has DIRECT on.
 *
 * <p>Ranking: an entry with a name part equal to the driving word first, then staff, groups, clients,
 * DIRECT contacts, then by the matched name part, then by display name. Because an exact name part sorts
 * first among the parts it prefixes, each kind's scan returns its best entries first, so the statement
 * answers the true top {@code limit} under that order.
 */
@Service
public class RecipientSearch {

    public static final int MAX_LIMIT = 50;
    private static final int MAX_QUERY = 100;

    private static final String KIND_SCAN = """
            (select entry_id, token, sort_key, %d as kind_rank
               from recipient_index
              where practice_id = ? and kind = '%s' and token >= ? and token < ?%s%s
              order by token, sort_key
              limit ?)""";

    /** The SQL of one search and its arguments (public so the benchmark can show its plan). */
    public record Statement(String sql, List<Object> args) {
    }

    /** One match: the compose box shows the display name and the detail (address, e-mail or member count). */
    public record Match(RecipientKind kind, UUID id, String displayName, String detail, Integer memberCount,
                        String matched) {
    }

    private final JdbcTemplate jdbc;

    public RecipientSearch(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Match> search(Caller caller, String query, int limit) {
        caller.requireStaff();
        if (query == null || query.isBlank() || query.length() > MAX_QUERY) {
            throw ApiException.badField("q", "q: type 1 to " + MAX_QUERY + " characters of a name.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badField("limit", "limit: must be between 1 and " + MAX_LIMIT + ".");
        }
        List<String> words = SearchText.queryWords(query);
        if (words.isEmpty()) {
            throw ApiException.badField("q", "q: must contain a letter or a digit.");
        }
        Set<RecipientKind> offered = messageableBy(caller);
        if (offered.isEmpty()) {
            return List.of();
        }
        Statement statement = statement(caller.practiceId(), words, limit, offered);
        return jdbc.query(statement.sql(), (row, i) -> {
            RecipientKind kind = RecipientKind.valueOf(row.getString("kind"));
            Integer members = row.getObject("member_count", Integer.class);
            String detail = kind == RecipientKind.group
                    ? members + (members != null && members == 1 ? " member" : " members") : row.getString("detail");
            return new Match(kind, row.getObject("entry_id", UUID.class), row.getString("display_name"), detail,
                    members, row.getString("token"));
        }, statement.args().toArray());
    }

    /**
     * The one statement: per kind, an index-only range scan (entry id and search text are included in the
     * index) picks candidates; the best name part per entry is kept; the top {@code limit} are ranked; only
     * those are joined back (by primary key) for what the compose box shows.
     */
    public static Statement statement(UUID practiceId, List<String> words, int limit) {
        return statement(practiceId, words, limit, EnumSet.allOf(RecipientKind.class));
    }

    /**
     * Only the kinds this staff member may message (checked again when they send): staff and groups with
     * {@code message:send}, clients also with {@code message:send-client}, DIRECT contacts also with
     * {@code message:send-direct}.
     */
    static Set<RecipientKind> messageableBy(Caller caller) {
        Set<RecipientKind> kinds = EnumSet.noneOf(RecipientKind.class);
        if (caller.permissions().contains("message:send")) {
            kinds.add(RecipientKind.staff);
            kinds.add(RecipientKind.group);
            if (caller.permissions().contains("message:send-client")) {
                kinds.add(RecipientKind.client);
            }
            if (caller.permissions().contains("message:send-direct")) {
                kinds.add(RecipientKind.direct_contact);
            }
        }
        return kinds;
    }

    public static Statement statement(UUID practiceId, List<String> words, int limit, Set<RecipientKind> offered) {
        String driver = words.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
        List<String> others = words.stream().filter(word -> !word.equals(driver)).toList();
        StringBuilder sql = new StringBuilder("""
                with p as (select portal_messaging_enabled as portal, direct_messaging_enabled as direct
                             from practice where id = ?),
                candidates as (
                """);
        List<Object> args = new ArrayList<>();
        args.add(practiceId);
        RecipientKind[] kinds = RecipientKind.values();
        String filters = " and search_text like ?".repeat(others.size());
        boolean first = true;
        for (int rank = 0; rank < kinds.length; rank++) {
            if (!offered.contains(kinds[rank])) {
                continue;
            }
            String gate = switch (kinds[rank]) {
                case client -> " and (select portal from p)";
                case direct_contact -> " and (select direct from p)";
                default -> "";
            };
            sql.append(first ? "" : "\n union all\n").append(KIND_SCAN.formatted(rank, kinds[rank].name(), filters, gate));
            args.add(practiceId);
            args.add(driver);
            args.add(SearchText.upperBound(driver));
            others.forEach(word -> args.add("% " + word + "%"));
            args.add(limit * SearchText.MAX_TOKENS);
            first = false;
        }
        sql.append("""
                ),
                best as (select distinct on (entry_id) entry_id, token, sort_key, kind_rank
                           from candidates order by entry_id, token, sort_key),
                top as (select entry_id, token, sort_key, kind_rank, token = ? as exact
                          from best order by exact desc, kind_rank, token, sort_key limit ?)
                select r.kind, r.entry_id, r.display_name, r.detail, r.member_count, r.token
                  from top join recipient_index r on r.entry_id = top.entry_id and r.token = top.token
                 order by top.exact desc, top.kind_rank, top.token, top.sort_key""");
        args.add(driver);
        args.add(limit);
        return new Statement(sql.toString(), args);
    }
}
