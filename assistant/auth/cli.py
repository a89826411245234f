"""`review-assistant users add|list`: accounts are created by an administrator."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.auth.users import UserError, add_user, list_users
from assistant.db import make_engine
from assistant.settings import get_settings

users_app = typer.Typer(help="Web chat user accounts.")


@users_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The user's e-mail address (their sign-in name).")],
    name: Annotated[str, typer.Option(help="Name shown in the web chat.")] = "",
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an administrator.")] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user; the password is prompted for (or read from standard input)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        add_user(make_engine(get_settings().sqlalchemy_url), email, name, password, admin)
    except UserError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"Added {email}{' (administrator)' if admin else ''}.")


@users_app.command("list")
def list_() -> None:
    """List users."""
    for user in list_users(make_engine(get_settings().sqlalchemy_url)):
        typer.echo(f"{user.email}\t{user.name}\t{'admin' if user.is_admin else ''}")
