package com.carerelay.messaging.attachment;

/** Files the upload tests send. */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** The smallest file Tika detects as a Windows executable (an MZ header pointing at a PE signature). */
    public static byte[] executable() {
        byte[] exe = new byte[512];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }
}
