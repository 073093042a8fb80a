package com.carerelay.messaging.attachment;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Object mother for Office files: minimal but well-formed OOXML zips and OLE2 compound files. */
public final class OfficeFiles {

    public static final String DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    public static final String DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml";

    private OfficeFiles() {
    }

    /** A Word document (OOXML) whose main part has {@code mainContentType}; with a VBA project when {@code macros}. */
    public static byte[] ooxmlWord(String mainContentType, boolean macros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            entry(zip, "[Content_Types].xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                    <Default Extension="xml" ContentType="application/xml"/>
                    <Override PartName="/word/document.xml" ContentType="%s"/>
                    </Types>""".formatted(mainContentType).getBytes(StandardCharsets.UTF_8));
            entry(zip, "word/document.xml", "<w:document/>".getBytes(StandardCharsets.UTF_8));
            if (macros) {
                entry(zip, "word/vbaProject.bin", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0});
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** An OLE2 compound file (512-byte sectors: header, one FAT sector, one directory sector) with these entries. */
    public static byte[] ole(String... entryNames) {
        ByteBuffer file = ByteBuffer.allocate(512 * 3).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(0, 0xE11AB1A1E011CFD0L);
        file.putShort(0x18, (short) 0x3E).putShort(0x1A, (short) 3).putShort(0x1C, (short) 0xFFFE);
        file.putShort(0x1E, (short) 9).putShort(0x20, (short) 6);
        file.putInt(0x2C, 1).putInt(0x30, 1).putInt(0x38, 4096).putInt(0x3C, -2).putInt(0x44, -2);
        for (int i = 0; i < 109; i++) {
            file.putInt(0x4C + 4 * i, i == 0 ? 0 : -1);
        }
        for (int i = 0; i < 128; i++) {
            file.putInt(512 + 4 * i, i == 0 ? -3 : i == 1 ? -2 : -1);
        }
        String[] names = new String[entryNames.length + 1];
        names[0] = "Root Entry";
        System.arraycopy(entryNames, 0, names, 1, entryNames.length);
        for (int e = 0; e < names.length && e < 4; e++) {
            int at = 1024 + 128 * e;
            for (int c = 0; c < names[e].length(); c++) {
                file.putChar(at + 2 * c, names[e].charAt(c));
            }
            file.putShort(at + 0x40, (short) (2 * names[e].length() + 2));
            file.put(at + 0x42, (byte) (e == 0 ? 5 : names[e].equals("WordDocument") ? 2 : 1));
            file.putInt(at + 0x44, -1).putInt(at + 0x48, -1).putInt(at + 0x4C, -1);
        }
        return file.array();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
