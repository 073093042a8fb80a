package com.carerelay.directory.client;

import com.carerelay.directory.client.web.ClientRequest;
import com.carerelay.directory.client.web.PreferencesRequest;
import com.carerelay.directory.client.web.PushSubscriptionRequest;
import com.carerelay.platform.security.Caller;
import com.carerelay.directory.config.DirectoryEvents;
import com.carerelay.directory.recipient.RecipientIndex;
import com.carerelay.platform.web.ApiException;
import com.carerelay.directory.web.HttpsUrl;
import com.carerelay.events.DirectoryChanged.PortalStatus;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Base64;
import java.util.EnumSet;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Clients: their details (directory admins), their portal invitation (not invited, invited, active,
 * revoked, moved only along the allowed transitions), and what the client may manage themselves: their
 * notification preferences and Web Push subscriptions. A client token reaches only its own client; any
 * other id answers 404.
 *
 * <p>Minimum necessary: staff list and read clients only with {@code directory:read-clients}, and see their
 * contact details (e-mail, phone), notification preferences and push subscriptions only as directory admins
 * ({@link #seesContactDetails}); the client always sees their own.
 */
@Service
public class ClientService {

    static final String ADMIN = "directory:admin";
    static final String READ = "directory:read-clients";
    static final int MAX_PUSH_SUBSCRIPTIONS = 20;

    /** Allowed portal transitions: invite, accept (first sign-in), revoke, and invite again after a revoke. */
    static final Map<PortalStatus, Set<PortalStatus>> TRANSITIONS = Map.of(
            PortalStatus.not_invited, EnumSet.of(PortalStatus.invited),
            PortalStatus.invited, EnumSet.of(PortalStatus.active, PortalStatus.revoked),
            PortalStatus.active, EnumSet.of(PortalStatus.revoked),
            PortalStatus.revoked, EnumSet.of(PortalStatus.invited));

    private static final Pattern BASE64URL = Pattern.compile("^[A-Za-z0-9_-]+={0,2}$");

    private final ClientRepository clients;
    private final DirectoryEvents events;
    private final RecipientIndex index;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ClientService(ClientRepository clients, DirectoryEvents events, RecipientIndex index, JdbcTemplate jdbc,
                         Clock clock) {
        this.clients = clients;
        this.events = events;
        this.index = index;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Page<Client> list(Caller caller, int page, int size) {
        caller.requireStaff();
        caller.require(READ);
        return clients.findByPracticeId(caller.practiceId(), PageRequest.of(page, size, Sort.by("lastName", "firstName")));
    }

    /** Staff with directory:read-clients read any client of their practice; a client reads only themselves. */
    @Transactional(readOnly = true)
    public Client get(Caller caller, UUID id) {
        return findFor(caller, id, READ);
    }

    /**
     * Whether the caller sees a client's contact details and notification preferences: a directory admin, or
     * the client (who only ever reaches themselves). Other staff get what addressing them needs.
     */
    public static boolean seesContactDetails(Caller caller) {
        return !caller.isStaff() || caller.permissions().contains(ADMIN);
    }

    /** The client's notification preferences: the client themselves or a directory admin. */
    @Transactional(readOnly = true)
    public Client preferences(Caller caller, UUID id) {
        return findFor(caller, id, ADMIN);
    }

    /**
     * The client's push subscriptions: the client themselves or a directory admin (delivery-service gets them
     * from the directory topic, not from here).
     */
    @Transactional(readOnly = true)
    public List<PushSubscription> pushSubscriptions(Caller caller, UUID id) {
        return findFor(caller, id, ADMIN).pushSubscriptions();
    }

    @Transactional
    public Client create(Caller caller, ClientRequest request) {
        caller.require(ADMIN);
        PortalStatus status = request.portalStatusOrDefault();
        if (status != PortalStatus.not_invited && status != PortalStatus.invited) {
            throw ApiException.badField("portalStatus", "portalStatus: a new client is not_invited or invited.");
        }
        return save(caller.practiceId(), new Client(UUID.randomUUID(), caller.practiceId()), request);
    }

    @Transactional
    public Client update(Caller caller, UUID id, ClientRequest request) {
        caller.require(ADMIN);
        Client client = find(caller, id);
        if (request.portalStatus() != null) {
            requireTransition(client.getPortalStatus(), request.portalStatus());
        }
        return save(caller.practiceId(), client, request);
    }

    /**
     * Creates or updates a client in a practice and publishes the change (also used to seed demo data). A
     * missing portal status keeps the current one (not invited for a new client).
     */
    @Transactional
    public Client save(UUID practiceId, Client client, ClientRequest request) {
        if (request.email() != null
                && clients.existsByPracticeIdAndEmailIgnoreCaseAndIdNot(practiceId, request.email(), client.getId())) {
            throw new ApiException(HttpStatus.CONFLICT, "email", "email: another client already uses " + request.email() + ".");
        }
        String timeZone = timeZone(request.timeZoneOrDefault());
        String locale = locale(request.localeOrDefault());
        PortalStatus status = request.portalStatus() != null ? request.portalStatus()
                : client.getPortalStatus() != null ? client.getPortalStatus() : PortalStatus.not_invited;
        boolean push = request.pushNotifications() != null ? request.pushNotifications() : client.isPushNotifications();
        client.update(request.firstName(), request.lastName(), request.preferredName(), request.email(), request.phone(),
                timeZone, locale, status, request.emailNotificationsOrDefault(), push);
        return changed(client);
    }

    /** Moves the portal invitation: 409 unless the transition is allowed. */
    @Transactional
    public Client movePortal(Caller caller, UUID id, PortalStatus target) {
        Client client = target == PortalStatus.active ? findFor(caller, id, ADMIN) : adminFind(caller, id);
        requireTransition(client.getPortalStatus(), target);
        client.changePortalStatus(target);
        return changed(client);
    }

    @Transactional
    public Client changePreferences(Caller caller, UUID id, PreferencesRequest request) {
        Client client = findFor(caller, id, ADMIN);
        client.changePreferences(request.emailNotifications(), request.pushNotifications());
        return changed(client);
    }

    /** Registers a browser's push subscription (the client themselves); the same endpoint again replaces its keys. */
    @Transactional
    public PushSubscription subscribe(Caller caller, UUID id, PushSubscriptionRequest request) {
        if (caller.isStaff() || !caller.id().equals(id)) {
            if (caller.isStaff()) {
                find(caller, id);
                throw ApiException.forbidden("Only the client can register their browser's push subscription.");
            }
            throw ApiException.notFound("Client " + id);
        }
        Client client = find(caller, id);
        String endpoint = request.endpoint().trim();
        if (!HttpsUrl.isValid(endpoint)) {
            throw ApiException.badField("endpoint", "endpoint: must be the push service's https URL.");
        }
        requireKey("keys.p256dh", request.keys().p256dh(), 65, "an uncompressed P-256 public key (65 bytes)");
        requireKey("keys.auth", request.keys().auth(), 16, "a 16-byte authentication secret");
        UUID owner = jdbc.query("select client_id from client_push_subscription where endpoint = ?",
                (row, i) -> row.getObject(1, UUID.class), endpoint).stream().findFirst().orElse(null);
        if (owner != null && !owner.equals(id)) {
            throw new ApiException(HttpStatus.CONFLICT, "endpoint", "endpoint: this push subscription belongs to another client.");
        }
        if (owner == null && client.pushSubscriptions().size() >= MAX_PUSH_SUBSCRIPTIONS) {
            throw new ApiException(HttpStatus.CONFLICT, null, "A client can have at most " + MAX_PUSH_SUBSCRIPTIONS
                    + " push subscriptions; remove one first.");
        }
        PushSubscription subscription = client.subscribe(new PushSubscription(UUID.randomUUID(), endpoint,
                request.keys().p256dh(), request.keys().auth(), clock.instant()));
        changed(client);
        return subscription;
    }

    @Transactional
    public void unsubscribe(Caller caller, UUID id, UUID subscriptionId) {
        Client client = findFor(caller, id, ADMIN);
        PushSubscription subscription = client.pushSubscription(subscriptionId)
                .orElseThrow(() -> ApiException.notFound("Push subscription " + subscriptionId));
        client.unsubscribe(subscription);
        changed(client);
    }

    private Client changed(Client client) {
        Client saved = clients.saveAndFlush(client);
        PortalStatus status = saved.getPortalStatus();
        index.put(RecipientIndex.Entry.client(saved.getId(), saved.getPracticeId(), saved.getFirstName(),
                        saved.getLastName(), saved.getPreferredName(), saved.getEmail()),
                status == PortalStatus.invited || status == PortalStatus.active);
        events.changed(saved);
        return saved;
    }

    private static void requireTransition(PortalStatus from, PortalStatus to) {
        if (from != to && !TRANSITIONS.get(from).contains(to)) {
            throw new ApiException(HttpStatus.CONFLICT, "portalStatus",
                    "portalStatus: a client who is " + from + " cannot become " + to + ".");
        }
    }

    private static void requireKey(String field, String value, int length, String what) {
        byte[] decoded = null;
        if (BASE64URL.matcher(value).matches()) {
            try {
                decoded = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                decoded = null;
            }
        }
        if (decoded == null || decoded.length != length || length == 65 && decoded[0] != 0x04) {
            throw ApiException.badField(field, field + ": must be base64url of " + what + ".");
        }
    }

    static String timeZone(String timeZone) {
        if (!ZoneId.getAvailableZoneIds().contains(timeZone)) {
            throw ApiException.badField("timeZone", "timeZone: '" + timeZone + "' is not an IANA time zone"
                    + " (e.g. America/New_York).");
        }
        return timeZone;
    }

    static String locale(String tag) {
        try {
            Locale locale = new Locale.Builder().setLanguageTag(tag).build();
            if (!Set.of(Locale.getISOLanguages()).contains(locale.getLanguage())) {
                throw new IllformedLocaleException("unknown language");
            }
            return locale.toLanguageTag();
        } catch (IllformedLocaleException e) {
            throw ApiException.badField("locale", "locale: '" + tag + "' is not a BCP 47 language tag (e.g. en-US).");
        }
    }

    /**
     * The client themselves, or staff of the practice holding {@code staffPermission} (403 naming it, before
     * the id is looked up, so a staff member without it learns nothing about any id); any other id 404.
     */
    private Client findFor(Caller caller, UUID id, String staffPermission) {
        if (caller.isStaff()) {
            caller.require(staffPermission);
        } else if (!caller.id().equals(id)) {
            throw ApiException.notFound("Client " + id);
        }
        return find(caller, id);
    }

    private Client adminFind(Caller caller, UUID id) {
        caller.require(ADMIN);
        return find(caller, id);
    }

    private Client find(Caller caller, UUID id) {
        return clients.findByIdAndPracticeId(id, caller.practiceId())
                .orElseThrow(() -> ApiException.notFound("Client " + id));
    }
}
