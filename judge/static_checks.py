"""What the worker checks of a source before any sandbox: that it parses, and that it imports
nothing the challenge bans. The runner's run-time guard (``judge/runner/child.py``) checks the
imports again, in the same words, for what no static reading can see."""

from __future__ import annotations

import ast
import threading

from judge.case_grading import Suite
from judge.failure_messages import at_line


def static_problem(source: str, challenge: Suite) -> str:
    """Why ``source`` cannot be run at all, or ``""``; checked on the worker, before any sandbox."""
    try:
        tree = _parse(source)
    except SyntaxError as exc:
        return f"syntax error at line {exc.lineno}: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"the source cannot be parsed: {str(exc)[:200]}"
    banned = set(challenge.banned_imports)
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            if module.split(".")[0] in banned:
                where = at_line(getattr(node, "lineno", None))
                # The same words as the runner's run-time guard (judge/runner/child.py).
                return f"importing {module!r} is not allowed in this challenge{where}"
    return ""


def _parse(source: str) -> ast.Module:
    """The source's tree. CPython 3.11's AST constructor keeps its depth in the interpreter, not the
    thread, and fails with "AST constructor recursion depth mismatch" when two threads build trees
    at once (judge challenges check proves in threads). Parses here take turns; a parse elsewhere
    (the traceback module's, in 3.11) can still collide, so that failure is tried once more."""
    try:
        with _PARSING:
            return ast.parse(source, filename="solution.py")
    except SystemError as exc:
        if "recursion depth mismatch" not in str(exc):
            raise
    with _PARSING:
        return ast.parse(source, filename="solution.py")


_PARSING = threading.Lock()


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module]
    return []
