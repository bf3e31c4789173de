"""The in-browser code editor, ``api/static/editor.js``: built from ``web/editor`` by
``scripts/build-editor`` and committed. The bundle must be whole (nothing fetched at run time,
every package and licence named, the versions the lockfile pins), and it must work in Chromium
under the judge's own Content-Security-Policy: typing, indenting, undo, read-only, and leaving
the editor with the keyboard."""

from __future__ import annotations

import json
import re

import pytest

from api import SECURITY_HEADERS
from judge.config import REPO_ROOT

WEB = REPO_ROOT / "web" / "editor"
BUNDLE = REPO_ROOT / "api" / "static" / "editor.js"
# It is 457 kB (152 kB gzipped) with CodeMirror 6.44's view; room for a few upgrades, not for
# a second language or an accidental copy of a package.
MAX_BYTES = 550_000
# URLs that are names, never fetched: the SVG namespace CodeMirror creates its icons in.
NAMESPACES = {"http://www.w3.org/2000/svg"}
# " * @codemirror/view 6.44.2 (MIT): Copyright (C) ..." for each package in the bundle.
PACKAGE_LINE = re.compile(r"^ \* (@?[\w./-]+) (\d+\.\d+\.\d+) \(MIT\): Copyright", re.M)


def bundle() -> str:
    return BUNDLE.read_text(encoding="utf-8")


def header() -> str:
    text = bundle()
    assert text.startswith("/*!"), "the bundle must start with its licence header"
    return text[: text.index("*/")]


def manifest() -> dict:
    return json.loads((WEB / "package.json").read_text())


def lockfile() -> dict:
    return json.loads((WEB / "package-lock.json").read_text())


def test_the_bundle_is_one_small_script_that_fetches_nothing():
    text = bundle()
    assert len(text.encode()) < MAX_BYTES
    assert "window.JudgeEditor" in text or "JudgeEditor=" in text
    assert set(re.findall(r"https?://[^\s\"'`)<>]+", text)) <= NAMESPACES
    for loader in ("import(", "fetch(", "XMLHttpRequest", "importScripts", "<script"):
        assert loader not in text, f"{loader} in the bundle"
    # CSS images are inline data (CodeMirror's wavy underlines), which img-src allows.
    assert not re.search(r"url\(\s*(?!['\"`]?data:)", text)
    assert "sourceMappingURL" not in text
    assert not re.search(r"^\s*(import|export)\b", text, re.M), "an ES module, not a script"


def test_the_header_names_each_bundled_package_at_its_locked_version_and_licence():
    named = dict(PACKAGE_LINE.findall(header()))
    locked = lockfile()["packages"]
    assert set(manifest()["dependencies"]) <= set(named)
    for name, version in named.items():
        assert locked[f"node_modules/{name}"]["version"] == version, f"rebuild: {name} changed"
        assert locked[f"node_modules/{name}"]["license"] == "MIT"
    assert "Permission is hereby granted, free of charge" in header()


def test_the_lockfile_pins_every_package_the_manifest_names():
    spec = manifest()
    lock = lockfile()
    assert spec["private"] is True
    wanted = {**spec["dependencies"], **spec["devDependencies"]}
    assert "esbuild" in spec["devDependencies"]
    root = lock["packages"][""]
    assert {**root["dependencies"], **root["devDependencies"]} == wanted
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not an exact version"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    for path, entry in lock["packages"].items():  # npm ci checks each download against it
        if path:
            assert entry["integrity"].startswith("sha512-"), path


def test_node_modules_is_ignored():
    assert "web/**/node_modules/" in (REPO_ROOT / ".gitignore").read_text().splitlines()


# A blank page on a made-up origin, answered by Playwright itself with the judge's own headers:
# no server, no network, and the same Content-Security-Policy as the real pages.
ORIGIN = "http://judge.test"
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>editor</title><link rel="stylesheet" href="/static/judge.css"></head>
<body><main>
<button id="before">before</button>
<div id="box"></div>
<form><label for="code">Your solution</label>
<textarea id="code" name="code">def f(x):
    return x
</textarea></form>
<button id="after">after</button>
</main><script src="/static/editor.js"></script></body></html>"""


@pytest.fixture
def editor_page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    static = REPO_ROOT / "api" / "static"

    def answer(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path == "/":
            body, kind = PAGE, "text/html"
        elif path in ("/static/editor.js", "/static/judge.css"):
            body = (static / path.removeprefix("/static/")).read_text()
            kind = "text/javascript" if path.endswith(".js") else "text/css"
        else:
            problems.append(f"asked for {route.request.url}")
            return route.abort()
        headers = {**SECURITY_HEADERS, "Content-Type": f"{kind}; charset=utf-8"}
        route.fulfill(status=200, headers=headers, body=body)

    page.route("**/*", answer)
    page.goto(f"{ORIGIN}/")
    page.evaluate(
        """() => {
        window.changes = [];
        window.editor = JudgeEditor.mount(document.getElementById("box"), {
            doc: "", label: "Code", onChange: (doc) => window.changes.push(doc)});
    }"""
    )
    yield page
    context.close()
    assert problems == []


@pytest.mark.browser
def test_typing_indents_with_four_spaces_and_reads_back(editor_page):
    page = editor_page
    content = page.get_by_role("textbox", name="Code")
    content.click()
    page.keyboard.type("def f(x):\nif x:\nreturn [x]")
    expected = "def f(x):\n    if x:\n        return [x]"
    assert page.evaluate("editor.getDoc()") == expected
    assert page.evaluate("changes.at(-1)") == expected
    page.keyboard.press("Home")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("editor.getDoc()").endswith("\n    return [x]")
    page.keyboard.press("Tab")
    assert page.evaluate("editor.getDoc()") == expected
    page.keyboard.press("Control+z")
    assert page.evaluate("editor.getDoc()") != expected
    page.keyboard.press("Control+Shift+z")
    assert page.evaluate("editor.getDoc()") == expected
    # Python is highlighted: "def" and "return" are keywords in a styled span.
    keyword_color = page.locator(".cm-line span", has_text="def").first.evaluate(
        "e => getComputedStyle(e).color"
    )
    assert keyword_color not in ("rgb(29, 35, 48)", "")


@pytest.mark.browser
def test_set_doc_and_read_only(editor_page):
    page = editor_page
    page.evaluate("editor.setDoc('x = 1\\n')")
    assert page.evaluate("editor.getDoc()") == "x = 1\n"
    assert page.evaluate("changes") == [], "setDoc is the page's own change, not reported"
    page.evaluate("editor.setReadOnly(true)")
    content = page.get_by_role("textbox", name="Code")
    content.click()
    page.keyboard.type("oops")
    assert page.evaluate("editor.getDoc()") == "x = 1\n"
    assert content.get_attribute("contenteditable") == "false"
    assert content.get_attribute("aria-readonly") == "true"
    background = page.locator(".cm-editor").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(245, 247, 250)", "read-only looks it"
    page.evaluate("editor.setReadOnly(false); editor.focus()")
    page.keyboard.press("Control+End")
    page.keyboard.type("y = 2")
    assert page.evaluate("editor.getDoc()") == "x = 1\ny = 2"


@pytest.mark.browser
def test_escape_then_tab_leaves_the_editor(editor_page):
    page = editor_page
    page.evaluate("editor.focus()")
    page.keyboard.press("Tab")
    assert page.evaluate("editor.getDoc()") == "    ", "Tab indents inside the editor"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "code", "on to the next field"


@pytest.mark.browser
def test_a_textarea_becomes_an_editor_and_keeps_the_form_posting_the_code(editor_page):
    page = editor_page
    page.evaluate("window.second = JudgeEditor.mount(document.getElementById('code'))")
    assert page.locator("#code").is_hidden()
    content = page.get_by_role("textbox", name="Your solution")
    assert page.evaluate("second.getDoc()") == "def f(x):\n    return x\n"
    content.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("# done")
    assert page.locator("#code").input_value() == "def f(x):\n    return x\n# done"
    page.evaluate("second.destroy()")
    assert page.locator("#code").is_visible()


@pytest.mark.browser
def test_a_phone_gets_16px_text(editor_page):
    page = editor_page
    page.set_viewport_size({"width": 375, "height": 700})
    size = page.locator(".cm-content").first.evaluate("e => getComputedStyle(e).fontSize")
    assert size == "16px"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
