"""Sub-command groups owned by other packages (`eval`, `users`, `slack`, ...), imported only
when named, so `review-assistant ask` never pays for them; a group whose optional extra is not
installed is a stub that says which extra to install."""

from __future__ import annotations

import importlib

import typer
from typer import _click as click  # Typer's own click (typer >= 0.29)
from typer.core import TyperGroup

from assistant.cli.messages import fail
from assistant.extras import EXTRAS, MissingExtra

# Sub-command groups owned by other packages, imported when named: name -> (module, attribute).
SUB_APPS = {
    "eval": ("eval.cli", "eval_app"),
    "users": ("assistant.auth.cli", "users_app"),
    "tokens": ("assistant.auth.cli", "tokens_app"),
    "feedback": ("assistant.feedback_cli", "feedback_app"),
    "slack": ("assistant.slack.cli", "slack_app"),
}


def _extra_for(module: str | None) -> str | None:
    top = (module or "").split(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


def _needs_extra(name: str, extra: str) -> click.Command:
    """Stands in for a sub-command whose optional extra is not installed."""

    stub = typer.Typer()
    anything = {"allow_extra_args": True, "ignore_unknown_options": True}

    @stub.command(name=name, help=f"(needs the '{extra}' extra)", context_settings=anything)
    def explain() -> None:
        raise fail(str(MissingExtra(extra, f"'review-assistant {name}'")))

    return typer.main.get_command(stub)


class LazyGroup(TyperGroup):
    """The top-level group: sub-command groups are imported on first use, not at start-up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *SUB_APPS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in SUB_APPS and cmd_name not in self.commands:
            module_name, attribute = SUB_APPS[cmd_name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                extra = _extra_for(exc.name)
                if extra is None:
                    raise
                self.commands[cmd_name] = _needs_extra(cmd_name, extra)
            else:
                group = typer.main.get_command(getattr(module, attribute))
                group.name = cmd_name
                self.commands[cmd_name] = group
        return super().get_command(ctx, cmd_name)
