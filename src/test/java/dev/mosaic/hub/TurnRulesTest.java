package dev.mosaic.hub;

import dev.mosaic.model.Party;
import dev.mosaic.model.Room;
import dev.mosaic.model.RoomPolicy;
import dev.mosaic.model.RoomState;
import dev.mosaic.model.RoomStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The turn policies as pure rules. */
class TurnRulesTest {
    private final Party mod = new Party("m", "Mo");
    private final Party a = new Party("a", "Ann");
    private final Party b = new Party("b", "Ben");
    private final Party c = new Party("c", "Cy");
    private static final Predicate<Party> ALL = p -> true;

    private Room room(RoomPolicy policy, Party turn) {
        return new Room("r", "r", policy, 10, mod, List.of(a, b, c), "t", "now",
                new RoomState(RoomStatus.OPEN, 0, turn, null, 0));
    }

    @Test
    void roundRobinGoesInOrderWrapsAroundAndTheModeratorMovesNobody() {
        assertThat(TurnRules.first(RoomPolicy.ROUND_ROBIN, List.of(a, b, c), ALL)).isEqualTo(a);
        assertThat(TurnRules.after(room(RoomPolicy.ROUND_ROBIN, a), a, ALL)).isEqualTo(b);
        assertThat(TurnRules.after(room(RoomPolicy.ROUND_ROBIN, c), c, ALL)).isEqualTo(a);
        assertThat(TurnRules.after(room(RoomPolicy.ROUND_ROBIN, b), mod, ALL)).isEqualTo(b);
        assertThat(TurnRules.refusal(room(RoomPolicy.ROUND_ROBIN, b), a)).get().asString().contains("Ben's turn");
        assertThat(TurnRules.refusal(room(RoomPolicy.ROUND_ROBIN, b), mod)).isEmpty();
    }

    @Test
    void aFloorIsGoodForOnePostAndAnOpenRoomHasNoTurns() {
        assertThat(TurnRules.first(RoomPolicy.MODERATED, List.of(a, b), ALL)).isNull();
        assertThat(TurnRules.refusal(room(RoomPolicy.MODERATED, b), b)).isEmpty();
        assertThat(TurnRules.after(room(RoomPolicy.MODERATED, b), b, ALL)).isNull();
        assertThat(TurnRules.after(room(RoomPolicy.MODERATED, b), mod, ALL)).as("the moderator keeps Ben's floor")
                .isEqualTo(b);
        assertThat(TurnRules.refusal(room(RoomPolicy.MODERATED, null), a)).get().asString()
                .contains("nobody has the floor", "Mo");
        assertThat(TurnRules.refusal(room(RoomPolicy.OPEN, null), c)).isEmpty();
        assertThat(TurnRules.after(room(RoomPolicy.OPEN, null), c, ALL)).isNull();
    }

    @Test
    void aRoundRobinTurnSkipsMembersWhoLeftAndGoesNowhereWhenNobodyIsLeft() {
        Predicate<Party> notBen = p -> p != b;
        assertThat(TurnRules.after(room(RoomPolicy.ROUND_ROBIN, a), a, notBen)).isEqualTo(c);
        assertThat(TurnRules.first(RoomPolicy.ROUND_ROBIN, List.of(b, c), notBen)).isEqualTo(c);
        assertThat(TurnRules.nextPresent(room(RoomPolicy.ROUND_ROBIN, b), b, notBen)).as("from Ben, who left")
                .isEqualTo(c);
        assertThat(TurnRules.after(room(RoomPolicy.ROUND_ROBIN, a), a, p -> p == a)).as("alone: again")
                .isEqualTo(a);
        assertThat(TurnRules.nextPresent(room(RoomPolicy.ROUND_ROBIN, b), b, p -> false)).isNull();
    }
}
