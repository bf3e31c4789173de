"""Where the ``judge`` command keeps what it remembers: the server and token (``judge login``),
and each challenge's kit of public examples (so ``judge test`` works without the server).

The config file is ``$XDG_CONFIG_HOME/judge/config.toml`` (``~/.config`` by default), readable
by its owner only; ``JUDGE_URL`` and ``JUDGE_TOKEN`` override what it says.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from judge.client import DEFAULT_URL, normalize_url
from judge.errors import ConfigError


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "judge"


def config_path() -> Path:
    return config_dir() / "config.toml"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "judge"


def load_config() -> dict[str, str]:
    """The config file's ``url`` and ``token``; empty when there is none. Raises
    :class:`ConfigError` (naming the file) when it cannot be read."""
    path = config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path} ({exc}); run 'judge login' again") from None
    return {k: str(v) for k, v in data.items() if k in ("url", "token")}


def save_config(url: str, token: str) -> Path:
    """Write the config file, mode 0600 from its first byte (in a folder of mode 0700)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # JSON's string syntax is a subset of TOML's basic strings.
    text = f"url = {json.dumps(url)}\ntoken = {json.dumps(token)}\n"
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)
    return path


def server(
    url: str | None = None, token: str | None = None, saved: dict[str, str] | None = None
) -> tuple[str, str]:
    """The server's URL and the token to use: the arguments, else ``JUDGE_URL`` and
    ``JUDGE_TOKEN``, else the config file (or ``saved``), else the local default and no token.
    Raises ``ValueError`` for a URL that is not http(s)."""
    saved = load_config() if saved is None else saved
    url = url or os.environ.get("JUDGE_URL") or saved.get("url") or DEFAULT_URL
    token = token or os.environ.get("JUDGE_TOKEN") or saved.get("token") or ""
    return normalize_url(url), token.strip()


def _kit_path(url: str, slug: str) -> Path:
    host = re.sub(r"[^A-Za-z0-9.-]+", "_", url.split("://", 1)[-1])
    return cache_dir() / "kits" / host / f"{slug}.json"


def cached_kit(url: str, slug: str) -> dict[str, Any] | None:
    try:
        return json.loads(_kit_path(url, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def cache_kit(url: str, slug: str, kit: dict[str, Any]) -> None:
    path = _kit_path(url, slug)
    with contextlib.suppress(OSError):  # a cache: the next command fetches it again
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(kit), encoding="utf-8")
