"""Create or drop a PostgreSQL database for a test run: `postgres_database.py create|drop URL`.

Used by `.ci/run` so each run gets a fresh database. Exits 3 when the server is unreachable.
"""

import sys

import psycopg
import sqlalchemy as sa


def main(action, url):
    target = sa.engine.make_url(url)
    maintenance = target.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False
    )
    try:
        connection = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL is unreachable at {target.host}:{target.port}: {error}", file=sys.stderr)
        return 3
    with connection:
        name = psycopg.sql.Identifier(target.database)
        if action == "create":
            connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            connection.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(name))
        else:
            connection.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in {"create", "drop"}:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
