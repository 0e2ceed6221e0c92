package dev.mosaic.model;

/** The pane the operator named as another pane's lead, as pane JSON shows it ({@code "lead": {"id", "name"}}). */
public record PaneLead(String id, String name) {
}
