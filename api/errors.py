"""JSON errors raised from views."""

from __future__ import annotations

from flask import jsonify


class ApiError(Exception):
    """Raised in a view to answer with ``status`` and a JSON ``{"error": message}``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message = status, message
        self.headers = headers or {}

    def response(self):
        return jsonify(error=self.message), self.status, self.headers
