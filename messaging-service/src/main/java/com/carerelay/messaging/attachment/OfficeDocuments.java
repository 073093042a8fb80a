package com.carerelay.messaging.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What an Office file really is and whether it carries macros, read from its container (tika-core alone
 * sees only "a zip with [Content_Types].xml" or "an OLE2 compound file"): OOXML from the zip's central
 * directory and {@code [Content_Types].xml}; legacy Office from the OLE2 directory's entry names.
 */
final class OfficeDocuments {

    /** The refined type (or the container's own when it is no known document) and whether it carries macros. */
    record Inspected(String mediaType, boolean macros) {
    }

    static final class DamagedException extends IOException {
        DamagedException(String message) {
            super(message);
        }
    }

    private static final Map<String, String> OOXML_MAIN_PARTS = Map.of(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.ms-word.document.macroenabled.main+xml", "application/vnd.ms-word.document.macroenabled.12",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.ms-excel.sheet.macroenabled.main+xml", "application/vnd.ms-excel.sheet.macroenabled.12",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
            "application/vnd.ms-powerpoint.presentation.macroenabled.12");
    private static final Pattern CONTENT_TYPE = Pattern.compile("ContentType\\s*=\\s*\"([^\"]+)\"");
    private static final int MAX_CONTENT_TYPES_BYTES = 1024 * 1024;
    private static final long OLE_SIGNATURE = 0xE11AB1A1E011CFD0L;
    private static final int END_OF_CHAIN = -2;

    private OfficeDocuments() {
    }

    /** A zip: an OOXML document when its content types name a known main part, else {@code zipType}. */
    static Inspected ooxml(Path file, String zipType) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            boolean macros = false;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName().toLowerCase(Locale.ROOT);
                macros |= name.endsWith("vbaproject.bin") || name.contains("macrosheets/") || name.endsWith(".bas");
            }
            ZipEntry types = zip.getEntry("[Content_Types].xml");
            if (types == null) {
                return new Inspected(zipType, macros);
            }
            String xml;
            try (InputStream in = zip.getInputStream(types)) {
                xml = new String(in.readNBytes(MAX_CONTENT_TYPES_BYTES), StandardCharsets.UTF_8);
            }
            String type = zipType;
            Matcher matcher = CONTENT_TYPE.matcher(xml);
            while (matcher.find()) {
                String contentType = matcher.group(1).toLowerCase(Locale.ROOT);
                macros |= contentType.contains("macroenabled") || contentType.contains("vbaproject");
                type = OOXML_MAIN_PARTS.getOrDefault(contentType, type);
            }
            return new Inspected(type, macros);
        } catch (java.util.zip.ZipException e) {
            throw new DamagedException("not a readable zip");
        }
    }

    /** An OLE2 compound file: Word, Excel or PowerPoint by its streams, macros by its VBA storages. */
    static Inspected ole(Path file, String oleType) throws IOException {
        Set<String> names = oleEntryNames(file);
        String type = names.contains("worddocument") ? "application/msword"
                : names.contains("workbook") || names.contains("book") ? "application/vnd.ms-excel"
                : names.contains("powerpoint document") ? "application/vnd.ms-powerpoint" : oleType;
        boolean macros = names.contains("_vba_project_cur") || names.contains("_vba_project") || names.contains("vba")
                || names.contains("macros");
        return new Inspected(type, macros);
    }

    /** The names of every storage and stream in the compound file's directory, lower case (MS-CFB 2.2, 2.6). */
    static Set<String> oleEntryNames(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = read(channel, 0, 512, size);
            if (header.getLong(0) != OLE_SIGNATURE) {
                throw new DamagedException("not an OLE2 compound file");
            }
            int shift = header.getShort(0x1E) & 0xffff;
            if (shift != 9 && shift != 12) {
                throw new DamagedException("bad sector size");
            }
            int sectorSize = 1 << shift;
            long maxSectors = size / sectorSize + 1;
            int fatSectors = header.getInt(0x2C);
            if (fatSectors < 0 || fatSectors > maxSectors) {
                throw new DamagedException("bad FAT size");
            }
            int[] fatIds = new int[fatSectors];
            int found = 0;
            for (int i = 0; i < 109 && found < fatSectors; i++) {
                fatIds[found++] = header.getInt(0x4C + 4 * i);
            }
            int difat = header.getInt(0x44);
            for (long guard = 0; found < fatSectors && difat >= 0 && guard <= maxSectors; guard++) {
                ByteBuffer sector = sector(channel, difat, sectorSize, size);
                for (int i = 0; i < sectorSize / 4 - 1 && found < fatSectors; i++) {
                    fatIds[found++] = sector.getInt(4 * i);
                }
                difat = sector.getInt(sectorSize - 4);
            }
            int perSector = sectorSize / 4;
            int[] fat = new int[found * perSector];
            for (int i = 0; i < found; i++) {
                ByteBuffer sector = sector(channel, fatIds[i], sectorSize, size);
                for (int j = 0; j < perSector; j++) {
                    fat[i * perSector + j] = sector.getInt(4 * j);
                }
            }
            Set<String> names = new HashSet<>();
            int next = header.getInt(0x30);
            for (long guard = 0; next >= 0 && guard <= maxSectors; guard++) {
                ByteBuffer sector = sector(channel, next, sectorSize, size);
                for (int entry = 0; entry + 128 <= sectorSize; entry += 128) {
                    int nameBytes = sector.getShort(entry + 0x40) & 0xffff;
                    if (sector.get(entry + 0x42) != 0 && nameBytes >= 2 && nameBytes <= 64) {
                        char[] name = new char[nameBytes / 2 - 1];
                        for (int c = 0; c < name.length; c++) {
                            name[c] = sector.getChar(entry + 2 * c);
                        }
                        names.add(new String(name).toLowerCase(Locale.ROOT));
                    }
                }
                next = next < fat.length ? fat[next] : END_OF_CHAIN;
            }
            return names;
        }
    }

    private static ByteBuffer sector(FileChannel channel, int id, int sectorSize, long size) throws IOException {
        return read(channel, (long) (id + 1) * sectorSize, sectorSize, size);
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length, long size) throws IOException {
        if (offset < 0 || offset + length > size) {
            throw new DamagedException("sector outside the file");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
            // read until full
        }
        return buffer.flip();
    }
}
