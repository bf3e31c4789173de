"""Building the runner images, with or without a registry.

One CPU image per framework: ``judge-runner`` (Python and NumPy) and ``judge-runner-torch``
(with PyTorch for the CPU as well), both from ``deploy/runner/Dockerfile``; GPU packages run in
``settings.gpu_runner_image`` (``Dockerfile.gpu``, NumPy and CUDA PyTorch). An image's tag is
derived from what goes into it (the Dockerfile, the runner's code, the base's recipe, the
framework), so a worker never runs a runner older than its own protocol, and an unchanged runner is
built once.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docker.errors

from judge.config import Settings
from judge.docker_engine import connect
from judge.docker_sandbox import DockerSandbox
from judge.errors import SandboxError
from judge.sandbox import Sandboxes

log = logging.getLogger(__name__)

REGISTRY_BASE = "python:3.11-slim"
OFFLINE_BASE_REPOSITORY = "judge-runner-base"
RUNNER_REPOSITORY = "judge-runner"
#: The image of each CPU framework; the NumPy one keeps the name it always had.
REPOSITORIES = {"numpy": RUNNER_REPOSITORY, "torch": "judge-runner-torch"}
#: The Debian release of each offline base (``build-base.sh``): PyTorch 2 is in trixie only.
OFFLINE_SUITES = {"numpy": "bookworm", "torch": "trixie"}
RUNNER_PACKAGE = Path(__file__).resolve().parent / "runner"


def build_context(settings: Settings, dockerfile: str = "Dockerfile") -> dict[str, bytes]:
    """The files of the build context: the Dockerfile and the runner package, nothing else."""
    files = {"Dockerfile": (settings.runner_build_dir / dockerfile).read_bytes()}
    for path in sorted(RUNNER_PACKAGE.glob("*.py")):
        files[f"judge_runner/{path.name}"] = path.read_bytes()
    return files


def runner_tag(settings: Settings, framework: str = "numpy") -> str:
    """``judge-runner:<digest>`` (``judge-runner-torch:<digest>``) of the context, the offline
    base's recipe and the framework; the operator's own image where one is configured."""
    configured = settings.runner_image if framework == "numpy" else settings.torch_runner_image
    if configured:
        return configured
    digest = hashlib.sha256(framework.encode())
    files = {**build_context(settings), "build-base.sh": _base_recipe(settings)}
    for name, data in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return f"{REPOSITORIES[framework]}:{digest.hexdigest()[:12]}"


def image_for(settings: Settings, runtime: str) -> str:
    """The image of a runtime (:attr:`judge.challenges.Challenge.runtime`)."""
    return settings.gpu_runner_image if runtime == "gpu" else runner_tag(settings, runtime)


def runner_sandboxes(settings: Settings, slot: int | None = None) -> Sandboxes[DockerSandbox]:
    """A worker slot's sandboxes, each runtime's on its image, made when first needed."""
    return Sandboxes(
        lambda runtime: DockerSandbox.for_settings(
            image_for(settings, runtime), settings, slot, gpu=runtime == "gpu"
        )
    )


def offline_base_tag(settings: Settings, framework: str = "numpy") -> str:
    """The debootstrap base's tag, named after its recipe: a changed recipe builds a new base."""
    recipe = hashlib.sha256(_base_recipe(settings)).hexdigest()[:12]
    flavour = "" if framework == "numpy" else f"{framework}-"
    return f"{OFFLINE_BASE_REPOSITORY}:{OFFLINE_SUITES[framework]}-{flavour}{recipe}"


def _base_recipe(settings: Settings) -> bytes:
    return (settings.runner_build_dir / "build-base.sh").read_bytes()


def ensure_runner_images(
    settings: Settings, say: Callable[[str], None] = log.info, offline: bool | None = None
) -> dict[str, str]:
    """Every CPU framework's runner image, by framework, building what is not there."""
    return {
        framework: ensure_runner_image(settings, say, offline, framework)
        for framework in REPOSITORIES
    }


def ensure_runner_image(
    settings: Settings,
    say: Callable[[str], None] = log.info,
    offline: bool | None = None,
    framework: str = "numpy",
) -> str:
    """A framework's runner image's tag, building it (and its base) first if it is not there."""
    tag = runner_tag(settings, framework)
    with contextlib.closing(connect(settings.docker_url)) as client:
        if _has_image(client, tag):
            say(f"runner image {tag} is up to date")
            return tag
        base = choose_base(client, settings, say, offline, framework)
        say(f"building runner image {tag} on {base}")
        _build(client, settings, tag, base, framework=framework)
        client.images.get(tag).tag(REPOSITORIES[framework], "latest")
    say(f"built runner image {tag}")
    return tag


def choose_base(
    client: Any,
    settings: Settings,
    say: Callable[[str], None],
    offline: bool | None,
    framework: str = "numpy",
) -> str:
    """``python:3.11-slim`` when it is here or can be pulled, else the debootstrap base."""
    if offline is not True:
        if _has_image(client, REGISTRY_BASE):
            return REGISTRY_BASE
        if offline is None and _pull(client, REGISTRY_BASE, say):
            return REGISTRY_BASE
    base = offline_base_tag(settings, framework)
    if not _has_image(client, base):
        say(f"building the offline base image {base} with debootstrap")
        script = settings.runner_build_dir / "build-base.sh"
        done = subprocess.run(["bash", str(script), base, framework], check=False)
        if done.returncode != 0:
            raise SandboxError(f"{script.name} failed (exit {done.returncode})")
    return base


def _pull(client: Any, image: str, say: Callable[[str], None]) -> bool:
    repository, tag = image.split(":")
    try:
        client.images.pull(repository, tag=tag)
        return True
    except docker.errors.DockerException as exc:
        say(f"cannot pull {image} ({str(exc).strip()[:120]}); using the offline base")
        return False


def build_gpu_runner_image(settings: Settings, say: Callable[[str], None] = log.info) -> str:
    """Build ``settings.gpu_runner_image`` from ``Dockerfile.gpu``, pulling its CUDA base."""
    tag = settings.gpu_runner_image
    with contextlib.closing(connect(settings.docker_url)) as client:
        say(f"building GPU runner image {tag} (pulls a CUDA PyTorch base of several GB)")
        _build(client, settings, tag, "", "Dockerfile.gpu", pull=True, framework="torch")
    say(f"built GPU runner image {tag}")
    return tag


def _build(
    client: Any,
    settings: Settings,
    tag: str,
    base: str,
    dockerfile: str = "Dockerfile",
    pull: bool = False,
    framework: str = "numpy",
) -> None:
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        for name, data in build_context(settings, dockerfile).items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    context.seek(0)
    try:
        client.images.build(
            fileobj=context,
            custom_context=True,
            tag=tag,
            buildargs={"FRAMEWORK": framework, **({"BASE_IMAGE": base} if base else {})},
            pull=pull,
            rm=True,
            forcerm=True,
            labels={"io.judge.runner": "gpu" if pull else "cpu", "io.judge.framework": framework},
        )
    except docker.errors.BuildError as exc:
        lines = [str(c.get("stream", c.get("error", ""))).strip() for c in exc.build_log]
        raise SandboxError(f"building {tag} failed: {' | '.join(lines[-5:])}") from exc
    except docker.errors.DockerException as exc:
        raise SandboxError(f"building {tag} failed: {exc}") from exc


def _has_image(client: Any, name: str) -> bool:
    try:
        client.images.get(name)
        return True
    except docker.errors.ImageNotFound:
        return False
