package com.carerelay.audit.export;

import com.carerelay.audit.log.StoredEntry;
import java.io.IOException;
import java.io.Writer;
import java.util.HexFormat;

/** RFC 4180 CSV of log entries, one line per entry; cells that a spreadsheet would run as a formula are defused. */
public final class CsvExport {

    public static final String HEADER = "id,chain_seq,occurred_at,recorded_at,action,actor_id,actor_kind,actor_name,"
            + "actor_role,subject_id,subject_kind,message_id,channel,outcome,reason,content_sha256,detail,event_id,hash\r\n";

    private CsvExport() {
    }

    public static void write(Writer out, StoredEntry entry) throws IOException {
        var f = entry.fields();
        Object[] cells = {entry.id(), f.chainSeq(), f.occurredAt(), f.recordedAt(), f.action(), f.actorId(),
                f.actorKind(), f.actorName(), f.actorRole(), f.subjectId(), f.subjectKind(), f.messageId(), f.channel(), f.outcome(),
                f.reason(), f.contentSha256(), f.detail(), f.eventId(), HexFormat.of().formatHex(entry.hash())};
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells[i]));
        }
        out.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !(value instanceof Number)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
