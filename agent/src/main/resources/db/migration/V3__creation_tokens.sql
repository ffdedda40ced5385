-- Game protocol v2: every registration attempt carries a creation token, and the game server
-- deletes an account only for the token that made it. The journal is therefore kept per attempt:
-- two attempts at one login (a failed one whose undo is still due, and a retry) each keep a line.
ALTER TABLE pending_game_accounts ADD COLUMN token text;
-- Lines written before the upgrade name no token; one no account was made with deletes nothing.
UPDATE pending_game_accounts SET token = 'before-v2-' || login_key WHERE token IS NULL;
ALTER TABLE pending_game_accounts ALTER COLUMN token SET NOT NULL;
ALTER TABLE pending_game_accounts DROP CONSTRAINT pending_game_accounts_pkey;
ALTER TABLE pending_game_accounts ADD PRIMARY KEY (token);
CREATE INDEX pending_game_accounts_login_key ON pending_game_accounts (login_key);
