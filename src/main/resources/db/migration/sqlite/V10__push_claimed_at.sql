-- When a message was claimed for a push (status 'pushing'), so a claim nobody settles can be found and returned
-- to the queue. NULL in every other status. (V10 and up: lower numbers may be taken by other branches.)
ALTER TABLE messages ADD COLUMN claimed_at TEXT;
CREATE INDEX messages_pushing ON messages (claimed_at) WHERE status = 'pushing';
