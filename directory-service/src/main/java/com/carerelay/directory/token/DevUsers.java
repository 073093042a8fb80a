package com.carerelay.directory.token;

import com.carerelay.directory.client.Client;
import com.carerelay.directory.client.ClientRepository;
import com.carerelay.directory.staff.Staff;
import com.carerelay.directory.staff.StaffRepository;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may sign in at the development issuer, and the CareRelay claims each one's tokens carry: an
 * active staff member or a portal-invited client, found by e-mail. No password: development only.
 */
@Component
@ConditionalOnProperty(name = "carerelay.dev-issuer.enabled", havingValue = "true")
public class DevUsers {

    /** The claims of one signed-in person: {@code sub}, {@code kind}, {@code tenant}, {@code permissions}, {@code name}. */
    public record DevUser(UUID id, String kind, UUID tenant, List<String> permissions, String name, String email) {
    }

    /** One line of the sign-in page. */
    public record Listed(String email, String name, String who) {
    }

    private final StaffRepository staff;
    private final ClientRepository clients;
    private final JdbcTemplate jdbc;

    public DevUsers(StaffRepository staff, ClientRepository clients, JdbcTemplate jdbc) {
        this.staff = staff;
        this.clients = clients;
        this.jdbc = jdbc;
    }

    public Optional<DevUser> byEmail(String email) {
        List<Staff> members = staff.findByEmailIgnoreCaseAndActiveTrue(email);
        if (!members.isEmpty()) {
            Staff member = members.getFirst();
            return Optional.of(new DevUser(member.getId(), "staff", member.getPracticeId(), member.permissions(),
                    member.displayName(), email));
        }
        List<Client> portalClients = clients.findByEmailIgnoreCaseAndPortalStatusIn(email,
                EnumSet.of(PortalStatus.invited, PortalStatus.active));
        if (!portalClients.isEmpty()) {
            Client client = portalClients.getFirst();
            return Optional.of(new DevUser(client.getId(), "client", client.getPracticeId(), List.of(),
                    client.getFirstName() + " " + client.getLastName(), email));
        }
        return Optional.empty();
    }

    /** The first few people who can sign in (the demo users in the local stack), staff first. */
    public List<Listed> listed(int limit) {
        return jdbc.query("""
                (select s.email, s.first_name || ' ' || s.last_name as name, 'staff, ' || array_to_string(s.roles, ', ') || ' - ' || p.name as who,
                        0 as rank
                   from staff s join practice p on p.id = s.practice_id where s.active order by p.name desc, s.email limit ?)
                union all
                (select c.email, c.first_name || ' ' || c.last_name, 'portal client (' || c.portal_status || ') - ' || p.name, 1
                   from client c join practice p on p.id = c.practice_id
                  where c.portal_status in ('invited', 'active') and c.email is not null order by p.name desc, c.email limit ?)
                order by rank, who, email
                """, (row, i) -> new Listed(row.getString(1), row.getString(2), row.getString(3)), limit, limit);
    }
}
