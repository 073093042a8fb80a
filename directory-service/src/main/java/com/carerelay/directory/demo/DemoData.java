package com.carerelay.directory.demo;

import com.carerelay.directory.client.Client;
import com.carerelay.directory.client.ClientService;
import com.carerelay.directory.client.web.ClientRequest;
import com.carerelay.directory.group.GroupService;
import com.carerelay.directory.group.StaffGroup;
import com.carerelay.directory.group.web.GroupRequest;
import com.carerelay.directory.practice.PracticeRepository;
import com.carerelay.directory.practice.PracticeService;
import com.carerelay.directory.practice.web.PracticeRequest;
import com.carerelay.directory.staff.Role;
import com.carerelay.directory.staff.Staff;
import com.carerelay.directory.staff.StaffService;
import com.carerelay.directory.staff.web.StaffRequest;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local stack's demo practice, seeded once through the same services the API uses (so the
 * directory topic carries it to every replica). Fixed ids keep the README's walkthrough stable.
 */
@Component
@ConditionalOnProperty(name = "carerelay.demo-data.enabled", havingValue = "true")
public class DemoData implements ApplicationRunner {

    public static final UUID SUNRISE = UUID.fromString("11111111-1111-4111-8111-111111111111");
    public static final UUID DANA = UUID.fromString("22222222-2222-4222-8222-222222222222");
    public static final UUID SAM = UUID.fromString("33333333-3333-4333-8333-333333333333");
    public static final UUID ALEX = UUID.fromString("44444444-4444-4444-8444-444444444444");
    public static final UUID MORGAN = UUID.fromString("55555555-5555-4555-8555-555555555555");
    public static final UUID PAT = UUID.fromString("66666666-6666-4666-8666-666666666666");
    public static final UUID CARE_TEAM = UUID.fromString("77777777-7777-4777-8777-777777777777");
    public static final UUID JORDAN = UUID.fromString("88888888-8888-4888-8888-888888888888");
    public static final UUID RILEY = UUID.fromString("99999999-9999-4999-8999-999999999999");
    public static final UUID CASEY = UUID.fromString("aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
    public static final UUID LAKESIDE = UUID.fromString("bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb");
    public static final UUID QUINN = UUID.fromString("cccccccc-cccc-4ccc-8ccc-cccccccccccc");

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final PracticeRepository practiceRepository;
    private final PracticeService practices;
    private final StaffService staff;
    private final ClientService clients;
    private final GroupService groups;

    public DemoData(PracticeRepository practiceRepository, PracticeService practices, StaffService staff,
                    ClientService clients, GroupService groups) {
        this.practiceRepository = practiceRepository;
        this.practices = practices;
        this.staff = staff;
        this.clients = clients;
        this.groups = groups;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (practiceRepository.existsById(SUNRISE)) {
            return;
        }
        practices.create(SUNRISE, new PracticeRequest("Sunrise Behavioral Health", "no-reply@sunrise.example", true, true));
        staff(SUNRISE, DANA, "Dana", "Reyes", "dana@sunrise.example", Role.clinician);
        staff(SUNRISE, SAM, "Sam", "Okafor", "sam@sunrise.example", Role.clinician);
        staff(SUNRISE, ALEX, "Alex", "Kim", "alex@sunrise.example", Role.compliance);
        staff(SUNRISE, MORGAN, "Morgan", "Lee", "morgan@sunrise.example", Role.admin);
        staff(SUNRISE, PAT, "Pat", "Rivera", "pat@sunrise.example", Role.staff);
        groups.save(SUNRISE, new StaffGroup(CARE_TEAM, SUNRISE), new GroupRequest("Care Team", List.of(DANA, SAM, PAT)));
        client(SUNRISE, JORDAN, "Jordan", "Avery", "Jo", "jordan@client.example", PortalStatus.active);
        client(SUNRISE, RILEY, "Riley", "Chen", null, "riley@client.example", PortalStatus.invited);
        client(SUNRISE, CASEY, "Casey", "Brooks", null, "casey@client.example", PortalStatus.not_invited);

        practices.create(LAKESIDE, new PracticeRequest("Lakeside Family Medicine", "no-reply@lakeside.example", true, false));
        staff(LAKESIDE, QUINN, "Quinn", "Harper", "quinn@lakeside.example", Role.admin);
        log.info("Seeded the demo practices Sunrise Behavioral Health and Lakeside Family Medicine");
    }

    private void staff(UUID practiceId, UUID id, String first, String last, String email, Role role) {
        staff.save(practiceId, new Staff(id, practiceId), new StaffRequest(first, last, email, true, List.of(role), false));
    }

    private void client(UUID practiceId, UUID id, String first, String last, String preferred, String email,
                        PortalStatus status) {
        clients.save(practiceId, new Client(id, practiceId), new ClientRequest(first, last, preferred, email, null,
                "America/New_York", "en-US", status, true, false));
    }
}
