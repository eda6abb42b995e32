package dev.imbench.chaos.api;

/** An API failure answered as {@code {"error": message, "status": status}}. */
public final class ApiException extends RuntimeException {

    private final int status;

    /**
     * @param status  HTTP status (400, 404, 409, 500)
     * @param message the error text
     */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
