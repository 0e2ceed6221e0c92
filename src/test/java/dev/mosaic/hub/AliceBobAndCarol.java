package dev.mosaic.hub;

import dev.mosaic.testing.AliceAndBob;
import dev.mosaic.testing.TestHub;
import org.junit.jupiter.api.BeforeEach;

/** A hub with Alice, Bob and Carol joined, and room calls over real HTTP: a room of three for each test. */
abstract class AliceBobAndCarol extends AliceAndBob {
    protected TestHub.Pane carol;
    protected RoomCalls rooms;

    @BeforeEach
    void carolJoins() {
        carol = hub.join("Carol");
        rooms = new RoomCalls(hub);
    }
}
