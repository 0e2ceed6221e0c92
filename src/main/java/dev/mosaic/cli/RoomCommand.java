package dev.mosaic.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;

/** `mosaic room …`: rooms, conversations among panes whose turns the hub enforces (DESIGN.md §11). */
@Command(name = "room", mixinStandardHelpOptions = true,
        description = {"Rooms: conversations among panes with turn rules the hub enforces, and one transcript.",
                "As the pane in MOSAIC_* when set, else as the operator."})
final class RoomCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** `room` and its subcommands. */
    static CommandLine commandLine(Map<String, String> env) {
        CommandLine room = new CommandLine(new RoomCommand());
        room.addSubcommand("create", new RoomCommands.Create(env));
        room.addSubcommand("show", new RoomCommands.Show(env));
        room.addSubcommand("list", new RoomCommands.ListRooms(env));
        room.addSubcommand("post", new RoomCommands.Post(env));
        room.addSubcommand("floor", new RoomCommands.Floor(env));
        room.addSubcommand("close", new RoomCommands.Close(env));
        return room;
    }

    @Override
    public void run() {
        throw new UsageError("`mosaic room` needs a subcommand: create, show, list, post, floor or close "
                + "(see `mosaic room --help`)");
    }
}
