-- Company-wide dashboard results (quality of hire per horizon, the prediction model per horizon)
-- computed by the background consumer after the hire read model changed, so that the first
-- dashboard call after a change reads them instead of computing over every hire. `stamps` is the
-- hire read model's state (analytics_state hire_stamps) they were computed from; a snapshot whose
-- stamps differ is ignored (computed on the request instead).
CREATE TABLE analytics_snapshots (
  name TEXT PRIMARY KEY,
  stamps TEXT NOT NULL,
  body TEXT NOT NULL,
  computed_at TEXT NOT NULL
);
