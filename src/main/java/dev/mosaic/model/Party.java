package dev.mosaic.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A pane, or the operator, by id and name: a room's member, its moderator, or whose turn it is. */
public record Party(String id, String name) {
    /** The operator as a party ({@code id} and {@code name} are both {@code operator}). */
    public static final Party OPERATOR = new Party(Pane.OPERATOR, Pane.OPERATOR);

    @JsonIgnore
    public boolean isOperator() {
        return id.equals(Pane.OPERATOR);
    }
}
