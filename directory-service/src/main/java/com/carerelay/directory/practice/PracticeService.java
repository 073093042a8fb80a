package com.carerelay.directory.practice;

import com.carerelay.directory.config.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.practice.web.PracticeRequest;
import com.carerelay.directory.web.ApiException;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PracticeService {

    private final PracticeRepository practices;
    private final DirectoryEvents events;

    public PracticeService(PracticeRepository practices, DirectoryEvents events) {
        this.practices = practices;
        this.events = events;
    }

    /** The caller's own practice. */
    @Transactional(readOnly = true)
    public Practice get(Caller caller) {
        caller.requireStaff();
        return practices.findById(caller.practiceId()).orElseThrow(() -> ApiException.notFound("Practice"));
    }

    @Transactional
    public Practice update(Caller caller, PracticeRequest request) {
        caller.require("directory:admin");
        Practice practice = practices.findById(caller.practiceId()).orElseThrow(() -> ApiException.notFound("Practice"));
        practice.update(request.name(), request.senderEmail(), request.portalMessagingEnabled(),
                request.directMessagingEnabled());
        events.changed(practice);
        return practice;
    }

    /** Registers a new practice (tenant onboarding, demo data). */
    @Transactional
    public Practice create(UUID id, PracticeRequest request) {
        Practice practice = practices.save(new Practice(id, request.name(), request.senderEmail(),
                request.portalMessagingEnabled(), request.directMessagingEnabled()));
        events.changed(practice);
        return practice;
    }
}
