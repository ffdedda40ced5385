package dev.gatehouse.edge.routing;

import dev.gatehouse.edge.config.EdgeConfig;

/**
 * One configuration in force and the process-wide state built for it. A reload makes the next one;
 * each event loop builds its router anew when it sees a newer generation, and requests already
 * routed finish on the one they started with.
 */
public record Generation(long number, EdgeConfig config, ProcessState state) {}
