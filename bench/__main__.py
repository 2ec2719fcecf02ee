"""Run the benchmarks on a fresh PostgreSQL database: ``make bench`` (never part of ``make test``).

BENCH_DATABASE_URL picks the server (default: the local cluster, database ``phaodai_bench``, recreated);
BENCH_PERSONS the population size (default 1,000,000), BENCH_CASES the outbreak size (default 100,000
cases, about 500,000 exposure edges), BENCH_VACCINATION_PERSONS the vaccinated province (default
1,300,000 persons, about 2.6 million doses); BENCH_ONLY=persons|cases|vaccination|command runs one of
them (the command center's runs on the outbreak and the vaccinated province, so it loads both first);
BENCH_ONLY=levels times the weekly levels of the whole country alone.
BENCH_ONLY=imports imports BENCH_IMPORT_DOSES dose rows from CSV (default 1,000,000) against COPY, and
BENCH_IMPORT_XLSX_ROWS of them as .xlsx; with BENCH_DATABASE_URL=sqlite:///<file> it runs on SQLite against
a bare executemany.
BENCH_ONLY=exports exports BENCH_EXPORT_ROWS dose rows (default 1,000,000) as CSV and Excel.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/phaodai_bench"


def _recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    only = os.environ.get("BENCH_ONLY", "")
    if (
        url.startswith("sqlite:///") and only == "imports"
    ):  # the embedded default's import, against executemany
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    elif url.startswith("postgres"):
        _recreate_database(url)
    else:
        sys.exit(
            "The benchmarks run on PostgreSQL: set BENCH_DATABASE_URL=postgres://... (or sqlite:///… with BENCH_ONLY=imports)"
        )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("PHAODAI_ENV", "development")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_units", verbosity=0)

    from bench import cases, persons

    if only in ("", "persons"):
        persons.run(count=int(os.environ.get("BENCH_PERSONS", "1000000")))
    if only in ("", "cases", "command"):
        cases.run(cases=int(os.environ.get("BENCH_CASES", "100000")))
    if only in ("", "vaccination", "command"):
        from bench import vaccination

        vaccination.run(persons=int(os.environ.get("BENCH_VACCINATION_PERSONS", "1300000")))
    if only in ("", "checkpoints"):
        from bench import checkpoints

        checkpoints.run(passages=int(os.environ.get("BENCH_PASSAGES", "1000000")))
    if only in ("", "imports"):
        from bench import imports

        imports.run(
            doses=int(os.environ.get("BENCH_IMPORT_DOSES", "1000000")),
            xlsx_rows=int(os.environ.get("BENCH_IMPORT_XLSX_ROWS", "200000")),
        )
    if only == "exports":
        from bench import exports

        exports.run(doses=int(os.environ.get("BENCH_EXPORT_ROWS", "1000000")))
    if only == "levels":
        from bench import command

        command.national_levels()
    if only in ("", "command"):
        from bench import command

        command.run(
            orders=int(os.environ.get("BENCH_ORDERS", command.ORDERS)),
            tests=int(os.environ.get("BENCH_RESULTS", command.RESULTS)),
        )


if __name__ == "__main__":
    main()
