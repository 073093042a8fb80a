package com.carerelay.audit.export;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.carerelay.audit.log.StoredEntry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * An HL7 FHIR R4 Bundle (type collection) of AuditEvent resources, built with HAPI FHIR's model
 * classes. The bundle is written piece by piece, each AuditEvent encoded by HAPI's JSON parser, so an
 * export of any size streams.
 */
@Component
public class FhirExport {

    static final String ACTION_SYSTEM = "https://carerelay.example/fhir/CodeSystem/audit-action";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String LIFECYCLE = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";
    static final String OBJECT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";

    private final FhirContext fhir = FhirContext.forR4();

    /** Where a bundle's entries come from: it hands each entry to the sink, in order. */
    @FunctionalInterface
    public interface Source {
        void forEach(EntryStream.Sink sink);
    }

    /** Writes a whole bundle with one AuditEvent per entry of {@code source}. */
    public void write(Writer out, UUID bundleId, Source source) throws IOException {
        IParser parser = fhir.newJsonParser();
        out.write("{\"resourceType\":\"Bundle\",\"id\":\"" + bundleId + "\",\"type\":\"collection\",\"timestamp\":\""
                + Instant.now() + "\",\"entry\":[");
        boolean[] first = {true};
        source.forEach(entry -> {
            AuditEvent event = auditEvent(entry);
            out.write(first[0] ? "" : ",");
            first[0] = false;
            out.write("{\"fullUrl\":\"urn:uuid:" + event.getIdElement().getIdPart() + "\",\"resource\":");
            out.write(parser.encodeResourceToString(event));
            out.write('}');
        });
        out.write("]}");
    }

    /** One entry as an AuditEvent: who (agent), what (entities: the subject, the message), action, outcome, when. */
    public AuditEvent auditEvent(StoredEntry entry) {
        var f = entry.fields();
        AuditEvent event = new AuditEvent();
        event.setId(UUID.nameUUIDFromBytes(("carerelay-audit-entry:" + f.practiceId() + ":" + f.chainSeq())
                .getBytes(StandardCharsets.UTF_8)).toString());
        event.setType(type(f.action()));
        event.addSubtype(new Coding(ACTION_SYSTEM, f.action(), null));
        event.setAction(action(f.action()));
        event.setPeriod(new Period().setStart(Date.from(f.occurredAt())).setEnd(Date.from(f.occurredAt())));
        event.setRecorded(Date.from(f.recordedAt()));
        boolean success = "success".equals(f.outcome());
        event.setOutcome(success ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        if (f.reason() != null) {
            event.setOutcomeDesc(f.reason());
        }

        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.setWho(reference(f.actorKind(), f.actorId(), f.actorName()));
        if (f.actorRole() != null) {
            // the actor's directory roles at the time, one CodeableConcept per role
            for (String role : f.actorRole().split(",")) {
                agent.addRole(new CodeableConcept().setText(role));
            }
        }

        event.getSource().setSite("practice/" + f.practiceId())
                .setObserver(new Reference().setDisplay("CareRelay audit-service"))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

        AuditEvent.AuditEventEntityComponent subject = event.addEntity()
                .setWhat(reference(f.subjectKind(), f.subjectId(), null))
                .setType(new Coding(OBJECT_TYPE, "1", "Person"));
        if ("client".equals(f.subjectKind())) {
            subject.setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        if (f.messageId() != null) {
            AuditEvent.AuditEventEntityComponent message = event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
                            .setValue("urn:uuid:" + f.messageId())))
                    .setType(new Coding(OBJECT_TYPE, "2", "System Object"))
                    .setName("message");
            if (f.channel() != null) {
                message.addDetail().setType("channel").setValue(new org.hl7.fhir.r4.model.StringType(f.channel()));
            }
            if (f.contentSha256() != null) {
                message.addDetail().setType("contentSha256")
                        .setValue(new org.hl7.fhir.r4.model.StringType(f.contentSha256()));
            }
        }
        AuditEvent.AuditEventEntityComponent chain = event.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setSystem("https://carerelay.example/audit-entry")
                        .setValue(Long.toString(entry.id()))))
                .setType(new Coding(OBJECT_TYPE, "4", "Other"))
                .setName("audit-chain");
        chain.addDetail().setType("chainSeq").setValue(new org.hl7.fhir.r4.model.StringType(Long.toString(f.chainSeq())));
        chain.addDetail().setType("hash").setValue(new org.hl7.fhir.r4.model.StringType(HexFormat.of().formatHex(entry.hash())));
        if (f.detail() != null) {
            chain.setDescription(f.detail());
        }
        return event;
    }

    private static Reference reference(String kind, UUID id, String display) {
        Reference reference = new Reference();
        if (id != null && "client".equals(kind)) {
            reference.setReference("Patient/" + id);
        } else if (id != null && "staff".equals(kind)) {
            reference.setReference("Practitioner/" + id);
        } else if (id != null) {
            reference.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + id));
        }
        reference.setDisplay(display != null ? display : id == null ? kind : null);
        return reference;
    }

    private static Coding type(String action) {
        if (action.equals("audit.queried")) {
            return new Coding(DICOM, "110112", "Query");
        }
        if (action.equals("audit.exported")) {
            return new Coding(DICOM, "110106", "Export");
        }
        if (action.startsWith("audit.")) {
            return new Coding(DICOM, "110100", "Application Activity");
        }
        if (action.equals("message.read")) {
            return new Coding(LIFECYCLE, "access", "Access/View Record Lifecycle Event");
        }
        return new Coding(LIFECYCLE, "transmit", "Transmit Record Lifecycle Event");
    }

    private static AuditEvent.AuditEventAction action(String action) {
        if (action.equals("message.read")) {
            return AuditEvent.AuditEventAction.R;
        }
        if (action.equals("message.sent") || action.equals("message.received")) {
            return AuditEvent.AuditEventAction.C;
        }
        return AuditEvent.AuditEventAction.E;
    }
}
