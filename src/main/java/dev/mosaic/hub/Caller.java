package dev.mosaic.hub;

import dev.mosaic.model.Pane;

/** Who a request's token says is acting: the operator (the human at the workstation) or one pane. */
public sealed interface Caller {
    String id();

    String name();

    default boolean isOperator() {
        return this instanceof Operator;
    }

    /** Whether this caller may act for the party with that id (its own, or anyone's for the operator). */
    default boolean actsFor(String partyId) {
        return isOperator() || id().equals(partyId);
    }

    /** The human at the workstation. */
    record Operator() implements Caller {
        @Override
        public String id() {
            return Pane.OPERATOR;
        }

        @Override
        public String name() {
            return Pane.OPERATOR;
        }
    }

    /** An agent, acting as its pane. */
    record AsPane(Pane pane) implements Caller {
        @Override
        public String id() {
            return pane.id();
        }

        @Override
        public String name() {
            return pane.name();
        }
    }
}
