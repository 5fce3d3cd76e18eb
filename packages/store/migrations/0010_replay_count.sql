-- How many times each task was replayed. A replay is a new run of the task, and its deliveries
-- carry a delivery id of their own (`<id>.r<replays>`), so a receiver that drops deliveries it
-- has seen does not drop the replay; every attempt of one run keeps the run's id.
ALTER TABLE tasks ADD COLUMN replays int NOT NULL DEFAULT 0;
