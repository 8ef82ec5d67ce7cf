"""The PostgreSQL backend: the Store interface over a PostgreSQL database (psycopg 3)."""

from hrdscore.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
