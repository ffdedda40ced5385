-- Accounts made through POST /api/register. The checks repeat the API's validation so that no
-- other writer can store what the API would refuse.
CREATE TABLE players (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login         text NOT NULL CHECK (login ~ '^[A-Za-z0-9_]{3,16}$'),
    -- Only a slow hash is ever stored: a clear-text password cannot pass this check.
    password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    gender        smallint NOT NULL CHECK (gender IN (0, 1)),
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'blocked')),
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Logins are unique whatever their case: 'Bob' and 'bob' are one account on the game server.
CREATE UNIQUE INDEX players_login_key ON players (lower(login));

-- Which Telegram user made which account; at most a configured number per user.
CREATE TABLE telegram_players (
    player_id   bigint PRIMARY KEY REFERENCES players (id) ON DELETE CASCADE,
    telegram_id bigint NOT NULL CHECK (telegram_id > 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX telegram_players_telegram_id ON telegram_players (telegram_id);

-- A registration that may have reached the game server but is not committed yet. Written and
-- committed before the game server is asked, removed in the same transaction that commits the
-- account; a row that outlives its registration (a crash, a failed commit) names a game account
-- to delete.
CREATE TABLE pending_game_accounts (
    login_key  text PRIMARY KEY CHECK (login_key = lower(login_key)),
    login      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
