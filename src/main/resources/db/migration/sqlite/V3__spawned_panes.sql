-- Spawned panes: the process the hub started in a pseudo-terminal. pid is set once the process started (a
-- pane row whose start failed is deleted, never left behind); exit_code once it exited.
ALTER TABLE panes ADD COLUMN pid INTEGER;
ALTER TABLE panes ADD COLUMN cwd TEXT;
ALTER TABLE panes ADD COLUMN cols INTEGER CHECK (cols IS NULL OR cols BETWEEN 10 AND 1000);
ALTER TABLE panes ADD COLUMN rows INTEGER CHECK (rows IS NULL OR rows BETWEEN 5 AND 500);
ALTER TABLE panes ADD COLUMN exit_code INTEGER;
