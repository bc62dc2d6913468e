"""The accounts plugin's hooks: the daily purge of revocation records of expired tokens."""

from __future__ import annotations

from typing import Any

from japaguide.plugins import hookimpl

PURGE_JOB = "accounts.purge_expired_revocations"


@hookimpl
def register_jobs() -> dict[str, Any]:
    from plugins.accounts.tokens import purge_expired_revocations

    return {PURGE_JOB: purge_expired_revocations}


@hookimpl
def register_periodic_jobs() -> list[dict[str, Any]]:
    # Daily, at a quiet hour (UTC), beside the session cleanup.
    return [{"job": PURGE_JOB, "cron": "45 3 * * *"}]
