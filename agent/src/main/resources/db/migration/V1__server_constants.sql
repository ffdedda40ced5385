-- The values the status endpoint publishes: server_status, client_status and rates.<name>.
CREATE TABLE server_constants (
    name       text PRIMARY KEY
               CHECK (name ~ '^(server_status|client_status|rates\.[a-z][a-z0-9_]{0,31})$'),
    value      double precision NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
