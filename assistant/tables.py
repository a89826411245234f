"""Imports every module that defines tables, so `create_all` sees them all."""

from assistant import conversations, feedback  # noqa: F401
from assistant.auth import users  # noqa: F401
from assistant.slack import store  # noqa: F401
