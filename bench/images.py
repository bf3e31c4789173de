"""The runner images: size and cold start of each, measured on this machine; prints figures.

    .venv/bin/python bench/images.py [--runs N]

For NumPy's image (``judge-runner``) and PyTorch's (``judge-runner-torch``), both built first
(``judge images build``):

1. the image's size, as Docker reports it;
2. the floor: a bare ``docker run --rm`` of the image running ``true``;
3. the framework's import in a fresh container (``python3 -c "import numpy"`` / ``"import
   torch"``), wall time;
4. a whole judging of a package's reference, untimed (its cases only): with a cold sandbox (a
   container started for it, the runner's child importing the framework while the request is
   sent) and with a warm one (started ahead, the framework already imported); median wall time.
   NumPy's image judges ``matmul``, PyTorch's ``torch_vae``: different work, so compare each
   image's cold with its warm, not the two packages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from judge.challenge_packages import ChallengeRepository  # noqa: E402
from judge.config import Settings  # noqa: E402
from judge.docker_sandbox import DockerSandbox  # noqa: E402
from judge.images import ensure_runner_image  # noqa: E402
from judge.judging import judge  # noqa: E402
from judge.verdicts import Verdict  # noqa: E402

PACKAGES = {"numpy": "matmul", "torch": "torch_vae"}


def wall(command: list[str]) -> float:
    began = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    return time.monotonic() - began


def judging_s(settings: Settings, image: str, slug: str, warm: bool, runs: int) -> list[float]:
    challenge = ChallengeRepository(settings.challenges_dir).get(slug)
    times = []
    with DockerSandbox(image, warm=warm, cpuset="0") as sandbox:
        for _ in range(runs):
            if warm:
                time.sleep(3)  # the next warm container started and its child ready
            began = time.monotonic()
            judgement = judge(challenge, challenge.reference_source, sandbox, settings, timed=False)
            times.append(time.monotonic() - began)
            if judgement.verdict is not Verdict.ACCEPTED:
                raise SystemExit(f"{slug}'s reference: {judgement.verdict}: {judgement.message}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    settings = Settings.load()
    rows = []
    for framework, slug in PACKAGES.items():
        image = ensure_runner_image(settings, lambda m: print(m, file=sys.stderr), None, framework)
        size = json.loads(
            subprocess.run(
                ["docker", "image", "inspect", image], check=True, capture_output=True
            ).stdout
        )[0]["Size"]
        bare = ["docker", "run", "--rm", "--network", "none", "--entrypoint"]
        floor = [wall([*bare, "true", image]) for _ in range(runs)]
        imported = [
            wall([*bare, "python3", image, "-c", f"import {framework}"]) for _ in range(runs)
        ]
        cold = judging_s(settings, image, slug, warm=False, runs=runs)
        warm = judging_s(settings, image, slug, warm=True, runs=runs)
        rows.append((image, size, floor, imported, cold, warm, slug))
    print(f"{runs} runs each, medians")
    print(f"{'image':34} {'size':>8} {'floor':>8} {'import':>8} {'cold judging':>20} {'warm':>8}")
    for image, size, floor, imported, cold, warm, slug in rows:
        ms = lambda xs: f"{statistics.median(xs) * 1000:.0f} ms"  # noqa: E731
        print(f"{image:34} {size / 1e6:6.0f} MB {ms(floor):>8} {ms(imported):>8} "
              f"{ms(cold) + ' (' + slug + ')':>20} {ms(warm):>8}")  # fmt: skip


if __name__ == "__main__":
    main()
