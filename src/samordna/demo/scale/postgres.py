"""PostgreSQL settings for a bulk load: the big tables' secondary indexes are dropped while they are filled and
built once at the end (inserting 100 million rows in random `at` order into eight B-trees would take hours), and
the session skips synchronous commits. Nothing here runs on other databases."""

from collections.abc import Iterable

from django.db import connection, models

BULK_MAINTENANCE_WORK_MEM = "512MB"


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def secondary_indexes(*, tables: Iterable[type[models.Model]]) -> list[list[str]]:
    """[name, CREATE INDEX statement] of every index on the tables that backs no constraint (primary key,
    unique), read from the catalogue so an index added by a later migration is handled the same way."""
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT index_class.relname, pg_get_indexdef(pg_index.indexrelid)
            FROM pg_index
            JOIN pg_class index_class ON index_class.oid = pg_index.indexrelid
            JOIN pg_class table_class ON table_class.oid = pg_index.indrelid
            WHERE table_class.relname = ANY(%s) AND NOT pg_index.indisprimary AND NOT pg_index.indisunique
              AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE pg_constraint.conindid = pg_index.indexrelid)
            ORDER BY index_class.relname
            """,
            [names],
        )
        return [[name, definition] for name, definition in cursor.fetchall()]


def drop_indexes(*, indexes: list[list[str]]) -> None:
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")


def create_indexes(*, indexes: list[list[str]]) -> None:
    """Build the dropped indexes again (idempotent, so an interrupted run's indexes can be restored later)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET maintenance_work_mem = '{BULK_MAINTENANCE_WORK_MEM}'")
        for _name, definition in indexes:
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))


def fast_session() -> None:
    """Commits that do not wait for the disk (a crash loses at most the last chunks of a load that is rerun
    anyway) and, when the role may, no foreign-key triggers: every reference comes from the generator's own id
    counters, the tests check them (`dangling_references`, and SQLite enforces them), and the checks cost a
    third of the load."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")


def end_fast_session() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("SET synchronous_commit = DEFAULT")


def dangling_references(*, tables: Iterable[type[models.Model]]) -> dict[str, int]:
    """For each foreign key of the tables, how many rows point at no row: all zero for a sound load."""
    found = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in tables:
            for field in model._meta.concrete_fields:
                if not field.is_relation:
                    continue
                target = field.target_field
                cursor.execute(
                    f"SELECT count(*) FROM {quote(model._meta.db_table)} child "  # noqa: S608 - names from models
                    f"LEFT JOIN {quote(target.model._meta.db_table)} parent "
                    f"ON parent.{quote(target.column)} = child.{quote(field.column)} "
                    f"WHERE child.{quote(field.column)} IS NOT NULL AND parent.{quote(target.column)} IS NULL"
                )
                found[f"{model._meta.label}.{field.name}"] = cursor.fetchone()[0]
    return found
