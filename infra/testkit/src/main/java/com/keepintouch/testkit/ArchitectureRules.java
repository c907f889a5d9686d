package com.keepintouch.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The architecture rules (README, "Rules, enforced by the build") that a compiler does not enforce, checked by every module's
 * {@code ArchitectureTest}.
 */
public final class ArchitectureRules {

    static final List<String> SERVICES = List.of("contact", "interaction", "reminder", "notifier");
    private static final String ROOT = "com.keepintouch.";

    private ArchitectureRules() {}

    /** Imports the production classes of one module's root package. */
    public static JavaClasses classesOf(String rootPackage) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(rootPackage);
    }

    /** A service never uses another service's classes; services talk through Kafka and HTTP. */
    public static ArchRule serviceIsIndependent(String service) {
        String[] others = SERVICES.stream()
                .filter(other -> !other.equals(service))
                .map(other -> ROOT + other + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage(ROOT + service + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services talk only through Kafka events and HTTP");
    }

    /** Domain rules are plain Java: no Spring, no MongoDB, no Kafka, no Jackson, no servlet API. */
    public static ArchRule domainIsPlainJava() {
        return noClasses()
                .that()
                .resideInAPackage("..domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "com.mongodb..",
                        "org.bson..",
                        "org.apache.kafka..",
                        "tools.jackson..",
                        "jakarta.servlet..")
                .because("domain rules are plain Java, unit-tested without Spring")
                .allowEmptyShould(true);
    }

    /** Shared infrastructure never knows a service. */
    public static ArchRule infrastructureKnowsNoService() {
        return noClasses()
                .that()
                .resideInAnyPackage(ROOT + "platform..", ROOT + "events..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> ROOT + s + "..").toArray(String[]::new))
                .because("infra/platform is a library with no domain code")
                .allowEmptyShould(true);
    }

    /**
     * No two packages of a service import each other, directly or through others: each package can
     * be read, and changed, knowing only the packages below it.
     */
    public static ArchRule noPackageCycles(String service) {
        return slices().matching(ROOT + service + ".(**)")
                .should()
                .beFreeOfCycles()
                .because("a package cycle makes two packages one that must be understood at once")
                .allowEmptyShould(true);
    }

    /** Every rule that applies to a service module. */
    public static void checkService(String service) {
        JavaClasses classes = classesOf(ROOT + service);
        Stream.of(serviceIsIndependent(service), domainIsPlainJava(), noPackageCycles(service))
                .forEach(rule -> rule.check(classes));
    }
}
