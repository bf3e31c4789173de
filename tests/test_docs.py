"""The documentation's links hold: the README sends newcomers to docs/ pages, and those pages link
to each other's sections, so a moved section or a renamed heading must not leave a dead link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from judge.config import REPO_ROOT

PAGES = sorted(
    [
        REPO_ROOT / "README.md",
        REPO_ROOT / "SECURITY.md",
        REPO_ROOT / "deploy" / "README.md",
        *(REPO_ROOT / "docs").glob("*.md"),
    ]
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """GitHub's anchors of a Markdown page's headings (outside code blocks)."""
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text())
    headings = re.findall(r"(?m)^#{1,6} (.+)$", text)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def local_links(page: Path) -> list[str]:
    text = re.sub(r"(?ms)^```.*?^```", "", page.read_text())
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_local_link_reaches_a_file_and_a_heading(page):
    dead = []
    for target in local_links(page):
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            dead.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            dead.append(f"{target}: no such heading")
    assert dead == []


def test_the_readme_stays_a_newcomers_page():
    """Figures, timing internals and operations live in docs/; the README links to them."""
    readme = (REPO_ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 450
    for page in ("docs/judging.md", "docs/operations.md", "docs/performance.md"):
        assert f"]({page}" in readme, page
