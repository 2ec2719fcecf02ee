"""One row read by primary key, or inserted, with a statement built once per model: for the few paths run
hundreds of times a second (a barrier's passages, every audit row), where building Django's query for
one row costs several times what the database spends on it.

Reading returns what ``Model.objects.get(pk=...)`` would (through ``raw()``, no related rows). Inserting
prepares the values with the model's own fields (``pre_save`` then ``get_db_prep_save``), so the row is
what ``save()`` would write, and takes the primary key back with ``RETURNING`` (PostgreSQL; SQLite since
3.35). Unlike ``save()`` it sends no signals: use it only for models no receiver listens to (pinned by
``checkpoints/tests/test_passage_hot_path.py`` for the models that use it).
"""

from typing import cast

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

_Fields = list[models.Field]  # type: ignore[type-arg]
_STATEMENTS: dict[tuple[str, type[models.Model], str], tuple[str, _Fields]] = {}


def _column(field: models.Field) -> str:  # type: ignore[type-arg]
    return cast(str, field.column)  # a concrete field always has one (the stubs allow None)


def _statement(kind: str, model: type[models.Model], connection: BaseDatabaseWrapper) -> tuple[str, _Fields]:
    """The SELECT by key or the INSERT of all columns but the key, built once per model and database."""
    key = (kind, model, connection.vendor)
    if key not in _STATEMENTS:
        meta, quote = model._meta, connection.ops.quote_name
        fields = [field for field in meta.concrete_fields if kind == "select" or not field.primary_key]
        table, pk = quote(meta.db_table), quote(_column(meta.pk))
        columns = ", ".join(quote(_column(field)) for field in fields)
        sql = (
            f"SELECT {columns} FROM {table} WHERE {pk} = %s"  # noqa: S608 - quoted names
            if kind == "select"
            else f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {pk}"  # noqa: S608
        )
        _STATEMENTS[key] = (sql, fields)
    return _STATEMENTS[key]


def row_by_pk[M: models.Model](model: type[M], pk: int) -> M | None:
    """The row of ``model`` with primary key ``pk``, or None (values converted as the ORM converts them)."""
    sql, _fields = _statement("select", model, connections[router.db_for_read(model)])
    return next(iter(model._default_manager.raw(sql, [pk])), None)


def insert_row[M: models.Model](instance: M) -> M:
    """Insert ``instance`` (its primary key left to the database) and set its primary key."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    sql, fields = _statement("insert", model, connection)
    params = [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        instance.pk = cursor.fetchone()[0]
    instance._state.adding, instance._state.db = False, alias
    return instance
