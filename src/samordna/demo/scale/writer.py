"""Writing generated rows: COPY on PostgreSQL (psycopg 3), batched bulk_create on other databases.

The generators yield plain tuples in the order of `RowWriter.columns(model)`: what they leave out is filled
from the model's own defaults here, so a column added to a model later either gets its default or fails loudly
(a NOT NULL column without a default) instead of being silently wrong.
"""

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

BULK_BATCH = 2_000


class MissingColumn(Exception):
    """A generator did not give a value for a column that has no default."""


def _constant_default(field: models.Field):
    """The value a column gets when the generator does not name it; raises when there is no fixed one."""
    if field.default is not NOT_PROVIDED:
        if callable(field.default):
            raise MissingColumn(f"{field.model.__name__}.{field.attname} has a computed default; generate it")
        return field.default
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField | models.FileField):
        return ""
    raise MissingColumn(f"{field.model.__name__}.{field.attname} has no default; generate it")


class TableSpec:
    """A model, the attnames the generator provides, and the constant values of every other column."""

    def __init__(self, *, model: type[models.Model], names: Sequence[str]) -> None:
        self.model = model
        self.names = tuple(names)
        concrete = {field.attname: field for field in model._meta.concrete_fields}
        unknown = set(self.names) - set(concrete)
        if unknown:
            raise MissingColumn(f"{model.__name__} has no columns {sorted(unknown)}")
        self.extra = tuple(
            (attname, _constant_default(field)) for attname, field in concrete.items() if attname not in self.names
        )
        self.attnames = self.names + tuple(name for name, _value in self.extra)
        self.tail = tuple(value for _name, value in self.extra)
        self.db_columns = tuple(concrete[name].column for name in self.attnames)


class RowWriter:
    """Writes tuples for registered tables, and at the end resets the id sequences the explicit ids skipped."""

    def __init__(self) -> None:
        self.specs: dict[type[models.Model], TableSpec] = {}
        self.counts: dict[str, int] = {}
        self.use_copy = connection.vendor == "postgresql"

    def register(self, model: type[models.Model], names: Sequence[str]) -> None:
        self.specs[model] = TableSpec(model=model, names=names)

    def write(self, model: type[models.Model], rows: Iterable[tuple]) -> int:
        """Write every row for `model`; returns how many."""
        spec = self.specs[model]
        written = self._copy(spec, rows) if self.use_copy else self._bulk_create(spec, rows)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + written
        return written

    @staticmethod
    def _copy(spec: TableSpec, rows: Iterable[tuple]) -> int:
        table = connection.ops.quote_name(spec.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in spec.db_columns)
        tail, written = spec.tail, 0
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            write_row = copy.write_row
            for row in rows:
                write_row(row + tail)
                written += 1
        return written

    @staticmethod
    def _bulk_create(spec: TableSpec, rows: Iterable[tuple]) -> int:
        """For the small sets of tests and development: `updated_at` (auto_now) is set to the moment of loading."""
        model, attnames, tail = spec.model, spec.attnames, spec.tail
        manager = model._base_manager  # the plain manager: the plan models' lock checks are for user edits
        batch, written = [], 0
        for row in rows:
            batch.append(model(**dict(zip(attnames, row + tail, strict=True))))
            if len(batch) >= BULK_BATCH:
                manager.bulk_create(batch)
                written, batch = written + len(batch), []
        if batch:
            manager.bulk_create(batch)
            written += len(batch)
        return written

    def reset_sequences(self) -> None:
        """COPY with explicit ids leaves PostgreSQL's sequences at 1; move them past the loaded ids."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.specs))
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)


def analyze() -> None:
    """Fresh planner statistics for the loaded tables (PostgreSQL; SQLite gets ANALYZE too)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
