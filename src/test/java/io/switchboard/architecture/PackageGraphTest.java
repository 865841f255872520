package io.switchboard.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Guards the package graph of the application code: packages depend one way (endpoint -> broker -> hub ->
 * outbox), with no cycle, and only the composition root ({@code app}) knows every part. The cluster broker
 * ({@code cluster}, Redis) sits between app and broker: only the composition root chooses it.
 */
class PackageGraphTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.switchboard");

    @Test
    void noPackageCycles() {
        slices().matching("io.switchboard.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("app").definedBy("io.switchboard.app..")
                .layer("cluster").definedBy("io.switchboard.cluster..")
                .layer("endpoint").definedBy("io.switchboard.endpoint..")
                .layer("web").definedBy("io.switchboard.web..")
                .layer("metrics").definedBy("io.switchboard.metrics..")
                .layer("health").definedBy("io.switchboard.health..")
                .layer("broker").definedBy("io.switchboard.broker..")
                .layer("hub").definedBy("io.switchboard.hub..")
                .layer("outbox").definedBy("io.switchboard.outbox..")
                .layer("security").definedBy("io.switchboard.security..")
                .layer("protocol").definedBy("io.switchboard.protocol..")
                .layer("config").definedBy("io.switchboard.config..")
                .layer("logging").definedBy("io.switchboard.logging..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("cluster").mayOnlyBeAccessedByLayers("app")
                .whereLayer("endpoint").mayOnlyBeAccessedByLayers("app")
                .whereLayer("web").mayOnlyBeAccessedByLayers("app")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("app", "web")
                .whereLayer("health").mayOnlyBeAccessedByLayers("app", "web", "metrics")
                .whereLayer("broker").mayOnlyBeAccessedByLayers("app", "cluster", "endpoint", "web", "metrics")
                .whereLayer("hub").mayOnlyBeAccessedByLayers("app", "cluster", "endpoint", "web", "broker", "metrics")
                .whereLayer("outbox").mayOnlyBeAccessedByLayers("app", "cluster", "endpoint", "broker", "hub")
                .whereLayer("security").mayOnlyBeAccessedByLayers("app", "endpoint", "hub", "metrics")
                .check(MAIN);
    }

    @Test
    void onlyTheOutboxTouchesTheContainersSenders() {
        noClasses().that().resideOutsideOfPackage("io.switchboard.outbox..")
                .should().callMethod(jakarta.websocket.Session.class, "getAsyncRemote")
                .orShould().callMethod(jakarta.websocket.Session.class, "getBasicRemote")
                .because("every frame goes through the session's outbox (one writer per session)")
                .check(MAIN);
    }
}
