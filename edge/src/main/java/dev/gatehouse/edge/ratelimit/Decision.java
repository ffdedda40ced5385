package dev.gatehouse.edge.ratelimit;

/**
 * A rate limiter's answer for one request: allowed or not, what is left in the window, and the
 * seconds until the window resets ({@code reset}) and until the next permit ({@code retryAfter}).
 */
public record Decision(
    boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {}
