package io.switchboard.it.support;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the integration tests that need Switchboard deployed for the whole class: Arquillian deploys the
 * WAR the build produced, unchanged, to the server the Maven profile chose, and the tests run outside it, as
 * clients.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class DeployedSwitchboard {

    @Deployment(testable = false)
    public static WebArchive switchboard() {
        return ServerUnderTest.switchboardWar();
    }

    @ArquillianResource
    private URL deploymentUrl;

    /** The deployed application, reached on 127.0.0.1. */
    protected ServerUnderTest server() {
        return ServerUnderTest.at(deploymentUrl);
    }
}
