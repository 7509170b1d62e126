"""The results store: scored results kept in one SQLite file, for history across repositories.

Safety first: a file that is not an SQLite database, or an SQLite database that
is not a results store, is refused with a clear error and never written to.
The schema is versioned (``PRAGMA user_version``) and migrated forward in one
transaction; writers use WAL and a busy timeout, so several processes can record
at once. Each result is keyed by the SHA-256 of its JSON without the path it was
scored from, so recording the same result again adds nothing.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import msgspec
import platformdirs

from maturity_cli.errors import InvalidFile, Problem, UsageError
from maturity_cli.history.timeline import Origin, Series, build_series
from maturity_cli.scoring.result import Result

APPLICATION_ID = 0x4D415455  # "MATU": marks the file as a maturity-cli results store
SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 30_000
_BATCH = 500
_SQLITE_MAGIC = b"SQLite format 3\x00"

_V1 = """
CREATE TABLE results (
    id INTEGER PRIMARY KEY,
    digest TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    assessed_on TEXT,
    questionnaire TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    source TEXT NOT NULL,
    result BLOB NOT NULL
);
"""
_V2 = """
CREATE INDEX results_by_subject ON results (subject, assessed_on, id);
CREATE TABLE levels (
    result_id INTEGER NOT NULL REFERENCES results (id) ON DELETE CASCADE,
    framework TEXT NOT NULL,
    dimension TEXT NOT NULL DEFAULT '',
    level INTEGER,
    PRIMARY KEY (result_id, framework, dimension)
);
"""
_decoder = msgspec.json.Decoder(Result)


def _levels_rows(result_id: int, result: Result) -> list[tuple[int, str, str, int | None]]:
    rows: list[tuple[int, str, str, int | None]] = []
    for fw in result.frameworks:
        rows.append((result_id, fw.id, "", fw.level))
        rows += [(result_id, fw.id, d.id, d.level) for d in fw.dimensions]
    return rows


def _backfill_levels(db: sqlite3.Connection) -> None:
    for result_id, blob in db.execute("SELECT id, result FROM results").fetchall():
        db.executemany(
            "INSERT INTO levels VALUES (?, ?, ?, ?)", _levels_rows(result_id, _decoder.decode(blob))
        )


_MIGRATIONS: dict[int, tuple[str, Callable[[sqlite3.Connection], None] | None]] = {
    1: (_V1, None),
    2: (_V2, _backfill_levels),
}


def default_path() -> Path:
    """``results.db`` in the user's data folder (platform specific)."""
    return platformdirs.user_data_path("maturity-cli") / "results.db"


def encode_result(result: Result) -> tuple[str, bytes]:
    """A result's key and the JSON stored: both leave out ``source`` (kept in its column).

    The path a result was scored from depends on where the command ran (a CI
    workspace, a laptop), so the same assessment recorded from two places is
    still one row. The key is the SHA-256 of the stored JSON.
    """
    encoded = msgspec.json.encode(msgspec.structs.replace(result, source=""))
    return hashlib.sha256(encoded).hexdigest(), encoded


def result_key(result: Result) -> str:
    """The key under which a result is stored."""
    return encode_result(result)[0]


def _refuse(path: Path, message: str, hint: str) -> InvalidFile:
    return InvalidFile(
        Problem(message, file=str(path), hint=f"{hint}; the file was left untouched")
    )


class Store:
    """An open results store; use :meth:`open` and close it (or use ``with``)."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    @classmethod
    def open(cls, path: Path, *, create: bool = True) -> Store:
        """Open (or create) a store; refuse anything that is not one."""
        if path.exists():
            if not path.is_file():
                raise UsageError(Problem("not a regular file", file=str(path)))
            with path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
            if not _SQLITE_MAGIC.startswith(head):  # a prefix: another process is creating it
                raise _refuse(
                    path, "not a results store (not an SQLite database)", "give another --db path"
                )
        elif not create:
            raise UsageError(
                Problem(
                    "no results store here",
                    file=str(path),
                    hint="record results first: maturity record FILE --db DB",
                )
            )
        elif not path.parent.is_dir():
            raise UsageError(Problem("folder does not exist", file=str(path.parent)))
        try:
            db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise _refuse(path, f"cannot open the results store: {exc}", "check the path") from None
        store = cls(path, db)
        try:
            store._prepare()
        except BaseException:
            db.close()
            raise
        return store

    def _prepare(self) -> None:
        try:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._check_identity()
            self._use_wal()
            self.db.execute("PRAGMA foreign_keys = ON")
            if self._version() < SCHEMA_VERSION:
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise _refuse(
                self.path,
                f"the results store is damaged or unreadable: {exc}",
                "restore it from a backup or give another --db path",
            ) from None

    def _use_wal(self) -> None:
        """Switch to write-ahead logging, waiting for other processes up to the timeout.

        SQLite answers "locked" at once, without its busy timeout, when another
        process holds the database during the switch (two first opens at once).
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _check_identity(self) -> None:
        # One statement, so one snapshot: read apart, a store another process
        # creates meanwhile could show its tables but not yet its id.
        app_id, tables = self.db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id()),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise _refuse(
                self.path,
                "not a results store (an SQLite database of another program)",
                "give another --db path",
            )
        version = self._version()
        if version > SCHEMA_VERSION:
            raise _refuse(
                self.path,
                f"this results store has schema version {version}; this maturity-cli reads up to {SCHEMA_VERSION}",
                "upgrade maturity-cli",
            )

    def _version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")  # another process may be migrating: wait for it
        try:
            self._check_identity()
            for version in range(self._version() + 1, SCHEMA_VERSION + 1):
                script, backfill = _MIGRATIONS[version]
                for statement in filter(str.strip, script.split(";")):
                    self.db.execute(statement)
                if backfill is not None:
                    backfill(self.db)
            self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, results: Iterable[Result]) -> tuple[int, int]:
        """Add results; return how many were new and how many were already stored."""
        added = same = 0
        batch: list[Result] = []
        for result in results:
            batch.append(result)
            if len(batch) >= _BATCH:
                a, s = self._record_batch(batch)
                added, same, batch = added + a, same + s, []
        if batch:
            a, s = self._record_batch(batch)
            added, same = added + a, same + s
        return added, same

    def _record_batch(self, batch: list[Result]) -> tuple[int, int]:
        added = 0
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for result in batch:
                    key, encoded = encode_result(result)
                    row = (
                        key,
                        result.subject,
                        result.assessed_on,
                        result.questionnaire.id,
                        result.questionnaire.version,
                        result.source,
                        encoded,
                    )
                    cursor = self.db.execute(
                        "INSERT OR IGNORE INTO results (digest, subject, assessed_on, questionnaire,"
                        " questionnaire_version, source, result) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                    if cursor.rowcount == 1:
                        added += 1
                        assert cursor.lastrowid is not None
                        self.db.executemany(
                            "INSERT INTO levels VALUES (?, ?, ?, ?)",
                            _levels_rows(cursor.lastrowid, result),
                        )
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise _refuse(
                self.path, f"cannot write to the results store: {exc}", "check the file"
            ) from None
        return added, len(batch) - added

    def subjects(self) -> list[str]:
        """Every subject with at least one result, sorted."""
        return [
            r[0] for r in self.db.execute("SELECT DISTINCT subject FROM results ORDER BY subject")
        ]

    def series(self, subjects: list[str]) -> list[Series]:
        """The timeline of each subject asked for (all when none), by assessment date."""
        known = self.subjects()
        missing = [s for s in subjects if s not in known]
        if missing:
            match = difflib.get_close_matches(missing[0], known, n=1)
            raise UsageError(
                Problem(
                    f"no results for subject {missing[0]!r}",
                    file=str(self.path),
                    hint=f"did you mean {match[0]!r}?"
                    if match
                    else f"{len(known)} subject(s) are stored",
                )
            )
        wanted = set(subjects or known)
        query = (
            "SELECT subject, assessed_on, digest, source, result FROM results"
            " ORDER BY subject, assessed_on, id"
        )
        rows = (row for row in self.db.execute(query) if row[0] in wanted)
        # One subject at a time, decoding lazily: memory stays flat however many are stored.
        return [
            build_series(subject, (_entry(row) for row in group))
            for subject, group in itertools.groupby(rows, key=lambda row: row[0])
        ]


def _entry(row: tuple[str, str | None, str, str, bytes]) -> tuple[Origin, Result]:
    _subject, assessed_on, key, source, blob = row
    origin = Origin(date=assessed_on or "", ref=key, source=source)
    return origin, msgspec.structs.replace(_decoder.decode(blob), source=source)
