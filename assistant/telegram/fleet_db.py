"""The fleet's own rows in PostgreSQL: a dedicated connection, and what processes share there.

Several bot processes on one `DATABASE_URL` coordinate through PostgreSQL alone: the polling
leader's advisory lock (`leader.py`), the send budget (`fleet_budget.py`) and, here, the
fingerprint of the webhook the fleet registered. Each of those uses its own connection from
`connect`: an advisory lock lives exactly as long as its session, and a budget request must
never queue behind a long storage transaction.

The tables are created here with `CREATE TABLE IF NOT EXISTS` (idempotent, safe when several
processes start at once); they belong to the fleet, not to the storage layer's migrations.
"""

from __future__ import annotations

import hashlib
import logging

import psycopg
from psycopg.rows import TupleRow

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10  # seconds; a database that does not answer by then counts as down
_TABLES = (
    # One row per budget ("overall"): a token bucket refilled by elapsed time, and the pause
    # Telegram asked for with a 429, which every process honours.
    """CREATE TABLE IF NOT EXISTS fleet_send_budget (
        name text PRIMARY KEY,
        tokens double precision NOT NULL,
        granted boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        paused_until timestamptz NOT NULL DEFAULT 'epoch'
    )""",
    # Small facts the processes share ("webhook": the fingerprint of the URL and secret set).
    """CREATE TABLE IF NOT EXISTS fleet_meta (
        name text PRIMARY KEY,
        value text NOT NULL
    )""",
)
# Two processes creating the same table at once can collide on PostgreSQL's catalog
# (UniqueViolation) even with IF NOT EXISTS; the tables' own lock key serialises them.
_DDL_LOCK = 0x7452_0000_0001


async def connect(url: str, purpose: str) -> psycopg.AsyncConnection[TupleRow]:
    """A new autocommit connection named after `purpose` (it shows in pg_stat_activity)."""
    return await psycopg.AsyncConnection.connect(
        url,
        autocommit=True,
        connect_timeout=CONNECT_TIMEOUT,
        application_name=f"twitch-relief {purpose}"[:63],
        # TCP keepalives: a dead peer (the database host gone, a cut network) is noticed in
        # about 10 s instead of the kernel's two hours, so a leader that lost its lock knows.
        keepalives=1,
        keepalives_idle=4,
        keepalives_interval=2,
        keepalives_count=3,
    )


async def ensure_tables(conn: psycopg.AsyncConnection[TupleRow]) -> None:
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(%s)", (_DDL_LOCK,))
        for statement in _TABLES:
            await conn.execute(statement)


def webhook_fingerprint(url: str, secret: str) -> str:
    """What the database keeps of the webhook's secret: a slow salted hash, so a copy of the
    database does not hand out the secret, yet every process can check it matches its own."""
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode(), url.encode(), 100_000)
    return digest.hex()


async def read_meta(conn: psycopg.AsyncConnection[TupleRow], name: str) -> str | None:
    cursor = await conn.execute("SELECT value FROM fleet_meta WHERE name = %s", (name,))
    row = await cursor.fetchone()
    return None if row is None else str(row[0])


async def write_meta(conn: psycopg.AsyncConnection[TupleRow], name: str, value: str) -> None:
    await conn.execute(
        "INSERT INTO fleet_meta (name, value) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def describe(error: BaseException) -> str:
    """One line about a database error (psycopg's messages never include the password)."""
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
