package dev.mosaic.cli;

/** Bad input on the command line: printed as one line, exit code 2. */
final class UsageError extends RuntimeException {
    UsageError(String message) {
        super(message);
    }
}
