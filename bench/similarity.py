"""How well the similarity fingerprints (judge/similarity.py) tell copies from honest work, on a
corpus built from the packages, and how long one new submission takes to compare with 10,000.

    .venv/bin/python bench/similarity.py [--copies 3] [--stored 10000] [--database-url URL]

The independent solutions of a challenge are its package's ``right/*.py`` and ``reference.py``.
Each is copied as a copier would: identifiers renamed, comments and blank lines changed,
top-level functions reordered, dead code and an unused helper added, list-building loops turned
into comprehensions (or the reverse); each move alone, then all of them together ``--copies``
times with different names and places. A move that does not apply to a solution makes no copy.

- recall: the copies that score at or above their challenge's threshold against their original;
- false positives: the pairs of independent solutions that do, where the threshold is
  calibrated without the solution compared (left out in turn: the new, honest submission the
  threshold has not seen); calibrated with it, no such pair could reach it, by construction;
- the time for :func:`judge.similarity_index.similar_to` to find a new submission's matches among
  ``--stored`` earlier ones of its challenge in a SQLite database on disk, the index filled with
  copies of every package's solutions (right, wrong and reference) under varied moves.

Targets (issue 29): recall >= 0.9, <= 5% false positives, < 100 ms per new submission.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from judge import similar_pairs, similarity, similarity_index, similarity_thresholds  # noqa: E402
from judge.storage import (  # noqa: E402
    Database,
    SimilarMatch,
    Submission,
    SubmissionFingerprint,
    User,
)

Move = Callable[[str, random.Random], str | None]


# A copier's moves, each source to source (None where the move does not apply).


def rename(source: str, rng: random.Random) -> str | None:
    """Every name the source binds, and every attribute it assigns, renamed consistently; but
    the public functions, classes and methods the judge calls by name keep theirs."""
    tree = ast.parse(source)
    names, attributes = similarity._bound_names(tree)
    names -= _called_by_name(tree)
    words = ["val", "tmp", "arr", "res", "data", "item", "acc", "out", "buf", "mat", "vec"]
    mapping = {name: f"{rng.choice(words)}_{i}" for i, name in enumerate(sorted(names))}
    attrs = {name: f"{rng.choice(words)}{i}_" for i, name in enumerate(sorted(attributes))}
    if not mapping and not attrs:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            node.name = mapping.get(node.name, node.name)
        elif isinstance(node, ast.arg | ast.keyword) and node.arg:
            node.arg = mapping.get(node.arg, node.arg)
        elif isinstance(node, ast.Name):
            node.id = mapping.get(node.id, node.id)
        elif isinstance(node, ast.Attribute):
            node.attr = attrs.get(node.attr, node.attr)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            node.name = mapping.get(node.name, node.name)
    return ast.unparse(tree)


def _called_by_name(tree: ast.Module) -> set[str]:
    """The top-level public functions and classes, and the classes' methods."""
    kept = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            kept.add(node.name)
            if isinstance(node, ast.ClassDef):
                kept.update(n.name for n in node.body if isinstance(n, ast.FunctionDef))
    return kept


def relayout(source: str, rng: random.Random) -> str | None:
    """Comments and docstrings dropped, others added, blank lines moved, spacing changed."""
    remarks = ["# compute it", "# TODO tidy", "# shapes checked above", "# main step", "# ok"]
    out = []
    for line in ast.unparse(ast.parse(source)).splitlines():
        if rng.random() < 0.3:
            out.append(line[: len(line) - len(line.lstrip())] + rng.choice(remarks))
        out.append(line.replace(", ", ",") if rng.random() < 0.5 else line)
        if rng.random() < 0.2:
            out.append("")
    return "\n".join(out) + "\n"


def reorder(source: str, rng: random.Random) -> str | None:
    """The top-level functions and classes in another order (legal: they are looked up at
    call time), imports and other statements where they were."""
    tree = ast.parse(source)
    spots = [i for i, n in enumerate(tree.body) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    if len(spots) < 2:
        return None
    moved = [tree.body[i] for i in spots]
    order = moved[:]
    while order == moved:
        rng.shuffle(order)
    for i, node in zip(spots, order, strict=True):
        tree.body[i] = node
    return ast.unparse(tree)


def pad(source: str, rng: random.Random) -> str | None:
    """Dead code in the functions and an unused helper function added."""
    tree = ast.parse(source)
    dead = [
        "_unused = 0",
        "if False:\n    print('debug')",
        "_check = None",
        "assert True",
    ]
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and rng.random() < 0.7:
            at = rng.randrange(len(node.body) + 1)
            if at < len(node.body) or not isinstance(node.body[-1], ast.Return):
                node.body.insert(at, ast.parse(rng.choice(dead)).body[0])
    helper = ast.parse(
        "def _helper_norm(x):\n    total = 0.0\n    for v in x:\n        total += v * v\n"
        "    return total ** 0.5\n"
    ).body[0]
    tree.body.insert(rng.randrange(len(tree.body) + 1), helper)
    return ast.unparse(tree)


def loops(source: str, rng: random.Random) -> str | None:
    """``x = []`` then ``for ...: x.append(e)`` as a comprehension, and a list comprehension
    assigned to a name as that loop."""
    tree = ast.parse(source)
    changed = False
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        new: list[ast.stmt] = []
        i = 0
        while i < len(body):
            folded = _fold(body[i], body[i + 1]) if i + 1 < len(body) else None
            if folded is not None:
                new.append(folded)
                i, changed = i + 2, True
                continue
            unfolded = _unfold(body[i])
            if unfolded is not None:
                new.extend(unfolded)
                changed = True
            else:
                new.append(body[i])
            i += 1
        node.body = new  # type: ignore[attr-defined]
    return ast.unparse(ast.fix_missing_locations(tree)) if changed else None


def _fold(first: ast.stmt, second: ast.stmt) -> ast.stmt | None:
    if not (
        isinstance(first, ast.Assign)
        and len(first.targets) == 1
        and isinstance(first.targets[0], ast.Name)
        and isinstance(first.value, ast.List)
        and not first.value.elts
        and isinstance(second, ast.For)
        and not second.orelse
        and len(second.body) == 1
    ):
        return None
    name = first.targets[0].id
    call = second.body[0]
    if not (
        isinstance(call, ast.Expr)
        and isinstance(call.value, ast.Call)
        and isinstance(call.value.func, ast.Attribute)
        and call.value.func.attr == "append"
        and isinstance(call.value.func.value, ast.Name)
        and call.value.func.value.id == name
        and len(call.value.args) == 1
    ):
        return None
    comp = ast.ListComp(
        elt=call.value.args[0],
        generators=[ast.comprehension(target=second.target, iter=second.iter, ifs=[], is_async=0)],
    )
    return ast.Assign(targets=first.targets, value=comp, lineno=first.lineno)


def _unfold(stmt: ast.stmt) -> list[ast.stmt] | None:
    if not (
        isinstance(stmt, ast.Assign)
        and len(stmt.targets) == 1
        and isinstance(stmt.targets[0], ast.Name)
        and isinstance(stmt.value, ast.ListComp)
        and len(stmt.value.generators) == 1
        and not stmt.value.generators[0].ifs
    ):
        return None
    name = stmt.targets[0].id
    gen = stmt.value.generators[0]
    elt = ast.unparse(stmt.value.elt)
    code = (
        f"{name} = []\nfor {ast.unparse(gen.target)} in {ast.unparse(gen.iter)}:\n"
        f"    {name}.append({elt})\n"
    )
    return ast.parse(code).body


MOVES: dict[str, Move] = {
    "rename": rename,
    "layout": relayout,
    "reorder": reorder,
    "pad": pad,
    "loops": loops,
}


def everything(source: str, rng: random.Random) -> str:
    """Every move that applies, in turn."""
    for move in (loops, pad, reorder, rename, relayout):
        source = move(source, rng) or source
    return source


def copies(source: str, n: int, seed: int) -> list[tuple[str, str]]:
    """(move, copy) for each single move that applies, and ``n`` copies with all of them."""
    made = []
    for name, move in MOVES.items():
        copy = move(source, random.Random(seed))
        if copy is not None:
            made.append((name, copy))
    made += [("all", everything(source, random.Random(seed + i))) for i in range(n)]
    return made


# The corpus and the figures.


given = similarity_thresholds.package_given
independent = similarity_thresholds.package_solutions


def measure(package: Path, n_copies: int) -> dict[str, float | int]:
    ignore = given(package)
    solutions = independent(package)
    prints = {name: similarity.fingerprints(src, ignore) for name, src in solutions.items()}
    limit = similarity_thresholds.threshold(list(solutions.values()), ignore)
    caught = total = 0
    for i, (name, source) in enumerate(solutions.items()):
        for _, copy in copies(source, n_copies, seed=i):
            total += 1
            caught += similarity.score(similarity.fingerprints(copy, ignore), prints[name]) >= limit
    false = pairs = 0
    for left_out in solutions:
        rest = [src for name, src in solutions.items() if name != left_out]
        unseen = similarity_thresholds.threshold(rest, ignore)
        for other in solutions:
            if other != left_out:
                pairs += 1
                false += similarity.score(prints[left_out], prints[other]) >= unseen
    honest = max(
        (similarity.score(a, b) for a, b in itertools.combinations(prints.values(), 2)),
        default=0.0,
    )
    return {
        "threshold": limit,
        "honest_max": honest,
        "copies": total,
        "caught": caught,
        "pairs": pairs,
        "false": false,
    }


def timing(
    packages: list[Path], stored: int, database_url: str = "", trials: int = 30
) -> tuple[float, float, int, float]:
    """Median and worst milliseconds of similar_to against ``stored`` indexed submissions, in
    a SQLite database on disk or the scratch database at ``database_url``; the fingerprint
    rows; and the milliseconds of the challenge's listing there (:func:`listing_ms`)."""
    rng = random.Random(7)
    pool = []
    for package in packages:
        ignore = given(package)
        right, wrong = sorted(package.glob("right/*.py")), sorted(package.glob("wrong/*.py"))
        for path in [*right, *wrong, package / "reference.py"]:
            pool.append((path.read_text(), ignore))
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(database_url or f"sqlite:///{tmp}/bench.db")
        with db.session() as session, session.begin():
            user = User(name="bench", token_hash="0" * 64)
            session.add(user)
            session.flush()
            first = session.scalar(select(func.coalesce(func.max(Submission.id), 0))) + 1
            session.execute(
                insert(Submission),
                [{"user_id": user.id, "challenge": "matmul", "source": ""}] * (stored + trials),
            )
        rows = []
        for sid in range(first, first + stored):
            source, ignore = rng.choice(pool)
            prints = similarity.fingerprints(everything(source, random.Random(sid)), ignore)
            rows += [
                {"submission_id": sid, "challenge": "matmul", "hash": h, "size": len(prints)}
                for h in prints
            ]
        with db.session() as session, session.begin():
            session.execute(insert(SubmissionFingerprint), rows)
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does within a minute of such a load: the planner's statistics.
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "ANALYZE submission_fingerprints"
                )
        times = []
        for t in range(trials):
            source, ignore = rng.choice(pool)
            prints = similarity.fingerprints(everything(source, random.Random(-t)), ignore)
            start = time.perf_counter()
            similarity_index.similar_to(db, first + stored + t, "matmul", prints, 0.5)
            times.append((time.perf_counter() - start) * 1000)
        listing = listing_ms(db, first, stored)
        db.close()
    return statistics.median(times), max(times), len(rows), listing


def listing_ms(db: Database, first: int, stored: int) -> float:
    """Milliseconds for the challenge's listing (:func:`judge.similar_pairs.stored_pairs`, the 500
    highest pairs and their count) with every stored submission keeping its
    ``MATCHES_KEPT`` nearest others, scores drawn at random: what it reads is rows, however
    they were found."""
    rng = random.Random(11)
    matches = [
        {"submission_id": sid, "other_id": other, "challenge": "matmul", "score": rng.random()}
        for sid in range(first + 1, first + stored)
        for other in rng.sample(range(first, sid), min(similarity_index.MATCHES_KEPT, sid - first))
    ]
    with db.session() as session, session.begin():
        session.execute(insert(SimilarMatch), matches)
    start = time.perf_counter()
    similar_pairs.stored_pairs(db, "matmul", 0.5)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument(
        "--database-url",
        default="",
        help="time on this scratch database (the bench fills it; default: SQLite on disk)",
    )
    args = parser.parse_args()
    packages = sorted(p for p in (ROOT / "challenges").iterdir() if (p / "right").is_dir())
    print(f"k={similarity.K} w={similarity.W} margin={similarity_thresholds.MARGIN}")
    print(f"{'challenge':<26}{'threshold':>10}{'honest max':>11}{'recall':>14}{'false pos':>12}")
    sums = dict.fromkeys(("copies", "caught", "pairs", "false"), 0)
    for package in packages:
        m = measure(package, args.copies)
        for key in sums:
            sums[key] += int(m[key])
        print(
            f"{package.name:<26}{m['threshold']:>10.2f}{m['honest_max']:>11.2f}"
            f"{m['caught']:>6}/{m['copies']:<3} {m['caught'] / m['copies']:.2f}"
            f"{m['false']:>5}/{m['pairs']:<3} {m['false'] / max(1, m['pairs']):.2f}"
        )
    recall = sums["caught"] / sums["copies"]
    fpr = sums["false"] / max(1, sums["pairs"])
    print(
        f"{'all':<47}{sums['caught']:>6}/{sums['copies']:<3} {recall:.3f}"
        f"{sums['false']:>5}/{sums['pairs']:<3} {fpr:.3f}"
    )
    median, worst, rows, listing = timing(packages, args.stored, args.database_url)
    engine = args.database_url.split(":", 1)[0].split("+")[0] if args.database_url else "sqlite"
    print(
        f"similar_to against {args.stored} stored submissions ({rows} fingerprint rows, "
        f"{engine}): median {median:.1f} ms, worst {worst:.1f} ms"
    )
    print(
        f"a challenge's listing, each of the {args.stored} keeping {similarity_index.MATCHES_KEPT} "
        f"matches: {listing:.0f} ms"
    )
    median, worst = side_by_side(packages)
    print(
        f"matching_regions, a solution and its copy: median {median:.2f} ms, worst {worst:.2f} ms"
    )


def side_by_side(packages: list[Path]) -> tuple[float, float]:
    """Median and worst milliseconds of the side-by-side view's regions, each independent
    solution against its copy with every move."""
    times = []
    for package in packages:
        ignore = given(package)
        for i, source in enumerate(independent(package).values()):
            copy = everything(source, random.Random(i))
            start = time.perf_counter()
            similarity.matching_regions(source, copy, ignore)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


if __name__ == "__main__":
    main()
