"""`review-assistant users add|list|disable|enable|delete|reset-password|audit` and
`review-assistant tokens create|list|revoke`: accounts and API tokens are managed by an
administrator; every change is written to the audit log (actor "cli")."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy import Engine

from assistant.auth import admin, audit
from assistant.auth.tokens import list_tokens
from assistant.auth.users import UserError, add_user, list_users
from assistant.db import make_engine
from assistant.settings import get_settings

users_app = typer.Typer(help="Web chat user accounts.", rich_markup_mode=None)
tokens_app = typer.Typer(
    help="API tokens for programmatic clients (Authorization: Bearer).", rich_markup_mode=None
)
ACTOR = "cli"
EmailArg = Annotated[str, typer.Argument(help="The user's e-mail address (their sign-in name).")]


def _engine() -> Engine:
    return make_engine(get_settings().sqlalchemy_url)


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"Error: {exc}", err=True)
    return typer.Exit(1)


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from standard input.")
]


@users_app.command("add")
def add(
    email: EmailArg,
    name: Annotated[str, typer.Option(help="Name shown in the web chat.")] = "",
    admin_role: Annotated[
        bool, typer.Option("--admin", help="Make the user an administrator.")
    ] = False,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user; the password is prompted for (or read from standard input)."""
    password = _password(password_stdin)
    engine = _engine()
    try:
        add_user(engine, email, name, password, admin_role)
    except UserError as exc:
        raise _fail(exc) from exc
    audit.record(engine, "user_added", actor=ACTOR, subject=email,
                 detail="admin" if admin_role else "member")  # fmt: skip
    typer.echo(f"Added {email}{' (administrator)' if admin_role else ''}.")


@users_app.command("list")
def list_() -> None:
    """List users: e-mail, name, role, and whether disabled."""
    for user in list_users(_engine()):
        state = "disabled" if user.disabled else ""
        typer.echo(f"{user.email}\t{user.name}\t{user.role}\t{state}".rstrip())


@users_app.command("disable")
def disable(email: EmailArg) -> None:
    """Disable a user: their sessions and API tokens stop working at once."""
    try:
        admin.disable(_engine(), email, ACTOR)
    except UserError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Disabled {email}; their sessions are ended.")


@users_app.command("enable")
def enable(email: EmailArg) -> None:
    """Enable a disabled user again."""
    try:
        admin.disable(_engine(), email, ACTOR, disabled=False)
    except UserError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Enabled {email}.")


@users_app.command("delete")
def delete(
    email: EmailArg,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a user with their sessions, API tokens and conversations."""
    if not yes:
        typer.confirm(f"Delete {email} and their conversations?", abort=True)
    try:
        admin.delete(_engine(), email, ACTOR)
    except UserError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Deleted {email}.")


@users_app.command("reset-password")
def reset_password(email: EmailArg, password_stdin: PasswordStdin = False) -> None:
    """Set a new password; every session of the user ends."""
    password = _password(password_stdin)
    try:
        admin.reset_password(_engine(), email, password, ACTOR)
    except UserError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Password of {email} reset; their sessions are ended.")


@users_app.command("audit")
def audit_log(
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="How many events.")] = 50,
) -> None:
    """Show the latest audit events (sign-ins, failures, administrators' actions)."""
    for event in audit.recent(_engine(), limit):
        fields = (event.at.isoformat(timespec="seconds"), event.event, event.actor or "-",
                  event.subject or "-", event.ip or "-", event.detail or "")  # fmt: skip
        typer.echo("\t".join(fields).rstrip())


@tokens_app.command("create")
def create(
    email: EmailArg,
    name: Annotated[str, typer.Option(help="What the token is for.")] = "api",
) -> None:
    """Create an API token for a user; it is shown once, only its hash is stored."""
    try:
        token_id, token = admin.new_token(_engine(), email, name, ACTOR)
    except UserError as exc:
        raise _fail(exc) from exc
    typer.echo(f"Token {token_id} for {email} (shown once; keep it secret):", err=True)
    typer.echo(token)


@tokens_app.command("list")
def list_api_tokens() -> None:
    """List tokens: id, user, name, created, last used, revoked."""
    for token, email in list_tokens(_engine()):
        when = [t.isoformat(timespec="seconds") if t else "-"
                for t in (token.created_at, token.last_used_at, token.revoked_at)]  # fmt: skip
        typer.echo("\t".join([token.id, email, token.name, *when]))


@tokens_app.command("revoke")
def revoke(
    token_id: Annotated[str, typer.Argument(help="The token's id (see `tokens list`).")],
) -> None:
    """Revoke an API token: it stops working at once."""
    if not admin.revoke(_engine(), token_id, ACTOR):
        raise _fail(LookupError(f"no live token {token_id}"))
    typer.echo(f"Revoked token {token_id}.")
