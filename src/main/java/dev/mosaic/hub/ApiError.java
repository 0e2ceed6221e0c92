package dev.mosaic.hub;

import java.util.Map;

/** A refusal the API answers with {@code {"error": sentence, "code": code}} and an HTTP status. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers;

    public ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    public static ApiError invalidName(String message) {
        return new ApiError(400, "invalid_name", message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message);
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    public static ApiError unknownRecipient(String message) {
        return new ApiError(404, "unknown_recipient", message);
    }

    public static ApiError nameTaken(String message) {
        return new ApiError(409, "name_taken", message);
    }

    public static ApiError ambiguousRecipient(String message) {
        return new ApiError(409, "ambiguous_recipient", message);
    }

    public static ApiError tooLarge(String message) {
        return new ApiError(413, "too_large", message);
    }
}
