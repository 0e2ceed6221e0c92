package dev.mosaic.cli;

/** The {@code mosaic} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, System.getenv()));
    }
}
