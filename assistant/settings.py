"""One pydantic-settings object for every channel; fails fast on bad configuration."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.resources import default_data_dir, resource

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Configuration read from the environment (and an optional `.env` file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Storage
    data_dir: Path = Field(default_factory=default_data_dir, validation_alias="DATA_DIR")
    corpus_dir: Path = Field(
        default_factory=lambda: resource("corpus"), validation_alias="CORPUS_DIR"
    )
    prompts_dir: Path = Field(
        default_factory=lambda: resource("prompts"), validation_alias="PROMPTS_DIR"
    )
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    chroma_host: str | None = Field(default=None, validation_alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, validation_alias="CHROMA_PORT")

    # Chunking and retrieval
    chunk_tokens: int = Field(default=200, ge=32, le=2000, validation_alias="CHUNK_TOKENS")
    chunk_overlap: int = Field(default=40, ge=0, le=500, validation_alias="CHUNK_OVERLAP")
    embed_batch_size: int = Field(default=32, ge=1, le=512, validation_alias="EMBED_BATCH_SIZE")
    top_k: int = Field(default=8, ge=1, le=50, validation_alias="TOP_K")
    max_per_document: int = Field(default=4, ge=1, le=50, validation_alias="MAX_PER_DOCUMENT")
    min_relevance: float = Field(default=0.40, ge=0.0, le=1.0, validation_alias="MIN_RELEVANCE")
    answer_sentences: int = Field(default=4, ge=1, le=12, validation_alias="ANSWER_SENTENCES")

    # LLM mode (switched on by base URL + model; API key optional for local servers)
    llm_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("LLM_BASE_URL", "OPENAI_BASE_URL")
    )
    llm_model: str | None = Field(default=None, validation_alias="LLM_MODEL")
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("LLM_API_KEY", "OPENAI_API_KEY")
    )
    llm_temperature: float = Field(default=0.1, ge=0.0, le=2.0, validation_alias="LLM_TEMPERATURE")
    llm_timeout: float = Field(default=60.0, gt=0, validation_alias="LLM_TIMEOUT")
    llm_max_retries: int = Field(default=2, ge=0, le=10, validation_alias="LLM_MAX_RETRIES")
    llm_max_tokens: int = Field(default=512, ge=16, validation_alias="LLM_MAX_TOKENS")
    llm_context_tokens: int = Field(default=4096, ge=512, validation_alias="LLM_CONTEXT_TOKENS")

    # Web chat
    host: str = Field(default="127.0.0.1", validation_alias="HOST")
    port: int = Field(default=8000, ge=1, le=65535, validation_alias="PORT")
    auth: Literal["auto", "on", "off"] = Field(default="auto", validation_alias="AUTH")
    session_secret: SecretStr | None = Field(default=None, validation_alias="SESSION_SECRET")
    public_base_url: str | None = Field(default=None, validation_alias="PUBLIC_BASE_URL")
    # Hardening: sessions, hosts, request size, retention (see assistant/security, auth)
    session_idle_minutes: int = Field(default=120, ge=1, validation_alias="SESSION_IDLE_MINUTES")
    session_max_hours: int = Field(
        default=12, ge=1, le=24 * 30, validation_alias="SESSION_MAX_HOURS"
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="ALLOWED_HOSTS"
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1024, validation_alias="MAX_BODY_BYTES")
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (IPs or networks, "*" = any);
    # none by default: the client is the socket peer. Same name as uvicorn's setting.
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="FORWARDED_ALLOW_IPS"
    )
    retention_days: int | None = Field(default=None, ge=1, validation_alias="RETENTION_DAYS")

    # Slack
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias="SLACK_SIGNING_SECRET"
    )
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    slack_rate_limit_per_minute: int = Field(
        default=10, ge=1, validation_alias="SLACK_RATE_LIMIT_PER_MINUTE"
    )
    # Slack user ids (U...) who may set any channel's source filter, besides its creator.
    slack_admin_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias="SLACK_ADMIN_USERS"
    )

    # Operations (serve workers, logs)
    workers: int | None = Field(default=None, ge=1, le=64, validation_alias="WORKERS")
    # Answers one worker computes at once, the rest queued in order (assistant/api/answer_slots;
    # default: 16 extractive, 40 with an LLM).
    answer_concurrency: int | None = Field(
        default=None, ge=1, le=256, validation_alias="ANSWER_CONCURRENCY"
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        default="info", validation_alias="LOG_LEVEL"
    )
    log_questions: bool = Field(default=False, validation_alias="LOG_QUESTIONS")
    # Server mode: hosts follow a new index at once by LISTEN/NOTIFY; polling is the fallback.
    index_poll_seconds: float = Field(
        default=60.0, gt=0, le=3600, validation_alias="INDEX_POLL_SECONDS"
    )

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.chunk_overlap >= self.chunk_tokens:
            raise ValueError("CHUNK_OVERLAP must be smaller than CHUNK_TOKENS")
        if bool(self.llm_base_url) != bool(self.llm_model):
            raise ValueError("LLM mode needs both LLM_BASE_URL and LLM_MODEL (or neither)")
        return self

    @field_validator("allowed_hosts", "forwarded_allow_ips", "slack_admin_users", mode="before")
    @classmethod
    def _hosts(cls, value: object) -> object:
        """`ALLOWED_HOSTS=a.example.org,b.example.org` (comma-separated) or a JSON list."""
        if isinstance(value, str) and not value.lstrip().startswith("["):
            return [h.strip() for h in value.split(",") if h.strip()]
        return value

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies(cls, value: list[str]) -> list[str]:
        """Fail fast on a proxy address that is neither an IP, a network nor "*"."""
        for entry in value:
            if entry != "*":
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError as exc:
                    raise ValueError(f"FORWARDED_ALLOW_IPS: {entry!r} is not an address") from exc
        return value

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_absolute(self) -> timedelta:
        return timedelta(hours=self.session_max_hours)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'app.db'}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests override the FastAPI dependency instead."""
    return Settings()
