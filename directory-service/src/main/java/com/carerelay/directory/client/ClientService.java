package com.carerelay.directory.client;

import com.carerelay.directory.client.web.ClientRequest;
import com.carerelay.directory.config.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.web.ApiException;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ClientService {

    static final String ADMIN = "directory:admin";

    private final ClientRepository clients;
    private final DirectoryEvents events;

    public ClientService(ClientRepository clients, DirectoryEvents events) {
        this.clients = clients;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public Page<Client> list(Caller caller, int page, int size) {
        caller.requireStaff();
        return clients.findByPracticeId(caller.practiceId(), PageRequest.of(page, size, Sort.by("lastName", "firstName")));
    }

    /** Staff read any client of their practice; a client reads only themselves. */
    @Transactional(readOnly = true)
    public Client get(Caller caller, UUID id) {
        if (!caller.isStaff() && !caller.id().equals(id)) {
            throw ApiException.notFound("Client " + id);
        }
        return find(caller, id);
    }

    @Transactional
    public Client create(Caller caller, ClientRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), new Client(UUID.randomUUID(), caller.practiceId()), request);
    }

    @Transactional
    public Client update(Caller caller, UUID id, ClientRequest request) {
        caller.require(ADMIN);
        return save(caller.practiceId(), find(caller, id), request);
    }

    /** Creates or updates a client in a practice and publishes the change (also used to seed demo data). */
    @Transactional
    public Client save(UUID practiceId, Client client, ClientRequest request) {
        if (request.email() != null
                && clients.existsByPracticeIdAndEmailIgnoreCaseAndIdNot(practiceId, request.email(), client.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "email: another client already uses " + request.email() + ".");
        }
        client.update(request.firstName(), request.lastName(), request.preferredName(), request.email(), request.phone(),
                request.timeZoneOrDefault(), request.localeOrDefault(), request.portalStatusOrDefault(),
                request.emailNotificationsOrDefault(), Boolean.TRUE.equals(request.pushNotifications()));
        Client saved = clients.save(client);
        events.changed(saved);
        return saved;
    }

    private Client find(Caller caller, UUID id) {
        return clients.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("Client " + id));
    }
}
