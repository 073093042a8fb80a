package com.carerelay.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The structure the README promises, checked on the compiled code: services depend only on
 * {@code events} and {@code platform}, never on one another; {@code events} is the Spring-free
 * contract; {@code platform} knows no service; a feature's web layer is its own.
 */
class ArchitectureTest {

    static final List<String> SERVICES = List.of("directory", "messaging", "delivery", "audit");
    static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.carerelay");

    @Test
    void servicesDependOnlyOnEventsAndPlatformNeverOnOneAnother() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(other -> !other.equals(service))
                    .map(other -> "com.carerelay." + other + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("com.carerelay." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because(service + "-service talks to the others only over Kafka and HTTP")
                    .check(ALL);
        }
    }

    @Test
    void eventsIsTheSpringFreeContractAndPlatformKnowsNoService() {
        noClasses().that().resideInAPackage("com.carerelay.events..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.carerelay.platform..",
                        "jakarta.persistence..")
                .because("events holds records, schemas, samples and the envelope only")
                .check(ALL);
        noClasses().that().resideInAPackage("com.carerelay.platform..")
                .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream()
                        .map(service -> "com.carerelay." + service + "..").toArray(String[]::new))
                .check(ALL);
    }

    /**
     * A feature's domain code never reaches into another feature's web layer (controllers, request and
     * view records). Web layers may share views, and the local profile's demo seeder drives the use
     * cases with their request records, as the API does.
     */
    @Test
    void noFeatureReachesIntoAnotherFeaturesWebLayer() {
        Pattern web = Pattern.compile("com\\.carerelay\\.(\\w+)\\.(\\w+)\\.web(\\..*)?");
        ArchRuleDefinition.classes().that().resideInAPackage("com.carerelay..")
                .and().resideOutsideOfPackages("..web..", "..demo..")
                .should(new ArchCondition<JavaClass>("not reach into another feature's web layer") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (JavaAccess<?> access : origin.getAccessesFromSelf()) {
                            Matcher target = web.matcher(access.getTargetOwner().getPackageName());
                            if (target.matches() && !origin.getPackageName()
                                    .startsWith("com.carerelay." + target.group(1) + "." + target.group(2))) {
                                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                            }
                        }
                    }
                })
                .check(ALL);
    }
}
