"""The audit log: sign-ins, failures, throttles, sign-outs and administrators' actions.

The sign-in throttle reads it too, so every worker and host sees the same failures.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from assistant.db import write
from assistant.tables import AuditEvent

SIGNIN = "signin"
SIGNIN_FAILED = "signin_failed"
SIGNIN_THROTTLED = "signin_throttled"
SIGNOUT = "signout"


def now() -> datetime:
    return datetime.now(UTC)


def record(
    engine: Engine,
    event: str,
    *,
    actor: str | None = None,
    subject: str | None = None,
    ip: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one event."""

    def work(session: Session) -> None:
        session.add(
            AuditEvent(
                at=now(),
                event=event,
                actor=actor[:320] if actor else None,
                subject=subject[:320] if subject else None,
                ip=ip[:64] if ip else None,
                detail=detail,
            )
        )

    write(engine, work)


def recent(engine: Engine, limit: int = 100) -> list[AuditEvent]:
    """The latest events, newest first."""
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))


def failures_since(
    engine: Engine, *, subject: str | None = None, ip: str | None = None, window: timedelta
) -> tuple[int, datetime | None]:
    """(failed sign-ins, time of the last one) for an account or an address.

    For an account, counting starts after its last successful sign-in.
    """
    since = now() - window
    with Session(engine) as session:
        where = [AuditEvent.event == SIGNIN_FAILED, AuditEvent.at > since]
        if subject is not None:
            last_ok = session.scalar(
                select(func.max(AuditEvent.at)).where(
                    AuditEvent.event == SIGNIN, AuditEvent.subject == subject
                )
            )
            if last_ok is not None:
                where.append(AuditEvent.at > _aware(last_ok))
            where.append(AuditEvent.subject == subject)
        if ip is not None:
            where.append(AuditEvent.ip == ip)
        count, last = session.execute(
            select(func.count(AuditEvent.id), func.max(AuditEvent.at)).where(*where)
        ).one()
    return int(count), _aware(last) if last is not None else None


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
