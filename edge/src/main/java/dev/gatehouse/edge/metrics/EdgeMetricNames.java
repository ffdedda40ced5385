package dev.gatehouse.edge.metrics;

/**
 * The edge's meters, by their Micrometer names; Prometheus shows them with dots as underscores and
 * the unit or {@code _total} appended (the comment on each gives the exported name). Label values
 * come from the configuration or fixed sets, never from what a client sent.
 */
public final class EdgeMetricNames {

  /** {@code gatehouse_edge_requests_total{route,method,status}}. */
  public static final String REQUESTS = "gatehouse.edge.requests";

  /** {@code gatehouse_edge_request_duration_seconds{route}}: first byte in to last byte out. */
  public static final String REQUEST_DURATION = "gatehouse.edge.request.duration";

  /** {@code gatehouse_edge_upstream_duration_seconds{route,upstream}}: until the agent answered. */
  public static final String UPSTREAM_DURATION = "gatehouse.edge.upstream.duration";

  /** {@code gatehouse_edge_rejections_total{route,policy,error}}: answers with an error body. */
  public static final String REJECTIONS = "gatehouse.edge.rejections";

  /** {@code gatehouse_edge_cache_lookups_total{route,result}}: result hit, miss or stale. */
  public static final String CACHE_LOOKUPS = "gatehouse.edge.cache.lookups";

  /** {@code gatehouse_edge_agent_up{upstream,target}}: 1 while the agent takes requests. */
  public static final String AGENT_UP = "gatehouse.edge.agent.up";

  /** {@code gatehouse_edge_agent_ejections_total{upstream,target}}. */
  public static final String AGENT_EJECTIONS = "gatehouse.edge.agent.ejections";

  /** {@code gatehouse_edge_agent_in_flight{upstream,target}}: requests waiting for the agent. */
  public static final String AGENT_IN_FLIGHT = "gatehouse.edge.agent.in.flight";

  /** {@code gatehouse_edge_bans_active}. */
  public static final String BANS_ACTIVE = "gatehouse.edge.bans.active";

  /** {@code gatehouse_edge_connections_open}. */
  public static final String CONNECTIONS_OPEN = "gatehouse.edge.connections.open";

  /**
   * {@code gatehouse_edge_tls_handshake_failures_total{reason}}: reason {@code not_tls}, {@code
   * timeout} or {@code refused}.
   */
  public static final String TLS_HANDSHAKE_FAILURES = "gatehouse.edge.tls.handshake.failures";

  /** {@code gatehouse_edge_redis_shared}: 1 while Redis answers, 0 while limits are local. */
  public static final String REDIS_SHARED = "gatehouse.edge.redis.shared";

  /** {@code gatehouse_edge_certificate_expiry_seconds}: until the served certificate expires. */
  public static final String CERTIFICATE_EXPIRY = "gatehouse.edge.certificate.expiry";

  /** {@code gatehouse_edge_access_log_dropped_total}: lines the async appender discarded. */
  public static final String ACCESS_LOG_DROPPED = "gatehouse.edge.access.log.dropped";

  /** {@code gatehouse_edge_stream_opened_total{stream,protocol}}: connections or UDP sessions. */
  public static final String STREAM_OPENED = "gatehouse.edge.stream.opened";

  /** {@code gatehouse_edge_stream_closed_total{stream,protocol,ended}}: by how they ended. */
  public static final String STREAM_CLOSED = "gatehouse.edge.stream.closed";

  /** {@code gatehouse_edge_stream_active{stream,protocol}}: open now. */
  public static final String STREAM_ACTIVE = "gatehouse.edge.stream.active";

  /** {@code gatehouse_edge_stream_bytes_total{stream,protocol,direction}}: direction in or out. */
  public static final String STREAM_BYTES = "gatehouse.edge.stream.bytes";

  /**
   * {@code gatehouse_edge_stream_datagrams_dropped_total{stream,reason}}: UDP datagrams dropped.
   */
  public static final String STREAM_DATAGRAMS_DROPPED = "gatehouse.edge.stream.datagrams.dropped";

  private EdgeMetricNames() {}
}
