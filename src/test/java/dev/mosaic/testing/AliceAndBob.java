package dev.mosaic.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The fixture most hub tests share: a real hub on a temporary home with two joined panes, Alice and Bob. JUnit runs
 * a subclass's own {@code @AfterEach} first, then stops the hub here.
 */
public abstract class AliceAndBob {
    @TempDir
    protected Path home;

    protected TestHub hub;
    protected ApiClient api;
    protected TestHub.Pane alice;
    protected TestHub.Pane bob;

    @BeforeEach
    void startHubWithAliceAndBob() {
        hub = new TestHub(home);
        api = hub.api();
        alice = hub.join("Alice");
        bob = hub.join("Bob");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }
}
