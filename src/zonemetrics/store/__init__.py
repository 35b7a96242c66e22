"""The embedded store: one DuckDB file reached through Ibis."""
