package com.carerelay.directory.practice.web;

import com.carerelay.directory.practice.Practice;
import java.util.UUID;

public record PracticeView(UUID id, String name, String senderEmail, boolean portalMessagingEnabled,
                           boolean directMessagingEnabled) {

    public static PracticeView of(Practice practice) {
        return new PracticeView(practice.getId(), practice.getName(), practice.getSenderEmail(),
                practice.isPortalMessagingEnabled(), practice.isDirectMessagingEnabled());
    }
}
