"""Persistence: tables, the engine, migrations and queries. Never imports textual."""
