-- The dashboard's figures read recent attempts (due lag, throughput, failures by class) by when
-- they started; without this index every look at the dashboard would read the whole history.
CREATE INDEX attempts_started_recent ON attempts (started_at);
