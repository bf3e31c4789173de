"""PyTorch packages: the second runner image, the routing of a package to it, tensors on the
result channel, and ``judge test`` with and without PyTorch installed.

The worker's side has no PyTorch (this suite's Python has none either): everything that touches
a tensor runs in the real PyTorch runner image.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from api.views import challenge_summary
from judge.challenge_packages import ChallengeRepository, load_challenge
from judge.config import Settings
from judge.errors import ChallengeError
from judge.images import image_for, offline_base_tag, runner_sandboxes, runner_tag
from judge.judging import judge
from judge.local import Kit, MissingFramework, has_module, make_kit, run_examples
from judge.verdicts import Verdict

REPO = Path(__file__).resolve().parent.parent
SETTINGS = Settings.load({})
TORCH_VAE = ChallengeRepository(SETTINGS.challenges_dir).get("torch_vae")
REFERENCE = TORCH_VAE.reference_source


def test_each_framework_has_an_image_of_its_own():
    numpy, torch = runner_tag(SETTINGS, "numpy"), runner_tag(SETTINGS, "torch")
    assert numpy.startswith("judge-runner:") and torch.startswith("judge-runner-torch:")
    assert numpy.split(":")[1] != torch.split(":")[1]
    # PyTorch 2 comes from Debian 13 where there is no registry; NumPy's base stays Debian 12.
    assert offline_base_tag(SETTINGS, "torch").startswith("judge-runner-base:trixie-torch-")
    assert offline_base_tag(SETTINGS).startswith("judge-runner-base:bookworm-")
    assert image_for(SETTINGS, "gpu") == SETTINGS.gpu_runner_image
    assert image_for(SETTINGS, TORCH_VAE.runtime) == torch


def test_a_package_names_its_framework(tmp_path):
    assert (TORCH_VAE.framework, TORCH_VAE.runtime) == ("torch", "torch")
    matmul = ChallengeRepository(SETTINGS.challenges_dir).get("matmul")
    assert (matmul.framework, matmul.runtime) == ("numpy", "numpy")
    assert challenge_summary(TORCH_VAE)["framework"] == "torch"
    package = tmp_path / "matmul"
    shutil.copytree(SETTINGS.challenges_dir / "matmul", package)
    toml = package / "challenge.toml"
    toml.write_text(toml.read_text().replace('device = "cpu"', 'device = "cpu"\nframework = "jax"'))
    with pytest.raises(ChallengeError, match="framework must be one of"):
        load_challenge(package)


# ---------------------------------------------------------------- in the PyTorch image

MATMUL_TORCH = "matmul_torch"


@pytest.fixture(scope="module")
def torch_matmul(tmp_path_factory, torch_runner_image):
    """matmul as a PyTorch package (nothing banned), judged in the PyTorch image."""
    root = tmp_path_factory.mktemp("challenges")
    shutil.copytree(SETTINGS.challenges_dir / "matmul", root / MATMUL_TORCH)
    toml = root / MATMUL_TORCH / "challenge.toml"
    text = toml.read_text().replace('device = "cpu"', 'device = "cpu"\nframework = "torch"')
    lines = [line for line in text.splitlines() if not line.startswith("banned_imports")]
    toml.write_text("\n".join(lines) + "\n")
    challenge = ChallengeRepository(root).get(MATMUL_TORCH)
    with runner_sandboxes(SETTINGS, slot=0) as sandboxes:
        yield lambda source: judge(challenge, source, sandboxes.get("torch"), SETTINGS, seed=5)


@pytest.mark.docker
def test_a_tensor_travels_as_the_array_it_holds(torch_matmul):
    # A tensor that requires grad, on float64 and integer cases alike: detached, dtype kept.
    source = """
import torch

def matrix_multiplication(A, B):
    a, b = torch.from_numpy(A), torch.from_numpy(B)
    if a.shape[-1] != b.shape[0]:
        raise ValueError("incompatible shapes")
    common = torch.promote_types(a.dtype, b.dtype)  # NumPy's rule; torch.mm wants one dtype
    a, b = a.to(common), b.to(common)
    if a.is_floating_point():
        a.requires_grad_(True)
    return a @ b
"""
    judgement = torch_matmul(source)
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message


@pytest.mark.docker
def test_a_tensor_numpy_cannot_hold_is_refused_with_what_to_do(torch_matmul):
    source = """
import torch

def matrix_multiplication(A, B):
    return (torch.from_numpy(A) @ torch.from_numpy(B)).to(torch.bfloat16)
"""
    judgement = torch_matmul(source)
    assert judgement.verdict is not Verdict.ACCEPTED
    assert "torch.bfloat16" in judgement.message and ".float()" in judgement.message


@pytest.mark.docker
def test_a_tensor_expanded_to_10_gb_is_refused_by_its_size(torch_matmul):
    """A view that costs nothing to make (stride 0): refused before a byte is written, as a
    NumPy broadcast view is (attack returns_a_10_gb_view), not copied until memory runs out."""
    source = """
import torch

def matrix_multiplication(A, B):
    return torch.zeros(1, dtype=torch.float64).expand(10**10 // 8)
"""
    judgement = torch_matmul(source)
    assert judgement.verdict is Verdict.OUTPUT_LIMIT_EXCEEDED, judgement.message
    assert "output is too large" in judgement.message


@pytest.mark.docker
def test_the_sandbox_has_pytorch_loaded_on_its_cpus_alone(torch_matmul):
    """PyTorch is imported before the job comes (a warm sandbox has paid for it), and its
    thread pool is the size of the sandbox's CPUs (one), not the host's."""
    source = """
import sys

print("loaded before me:", "torch" in sys.modules, file=sys.stderr)
import torch

print("threads:", torch.get_num_threads(), file=sys.stderr)

def matrix_multiplication(A, B):
    return A @ B
"""
    judgement = torch_matmul(source)
    assert judgement.verdict is Verdict.ACCEPTED, judgement.message
    assert "loaded before me: True" in judgement.log
    assert "threads: 1" in judgement.log


# ---------------------------------------------------------------- judge test


def test_judge_test_says_when_pytorch_is_missing():
    assert not has_module(sys.executable, "torch"), "this suite's Python has no PyTorch"
    assert has_module(sys.executable, "numpy")
    kit = Kit.from_json(json.loads(json.dumps(make_kit(TORCH_VAE, SETTINGS))))
    assert kit.framework == "torch" and "def bind(" in kit.harness
    with pytest.raises(MissingFramework, match=r"PyTorch challenge.*cannot import torch.*pip"):
        run_examples(kit, REFERENCE)


LOCAL_RUN = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from judge.challenge_packages import ChallengeRepository
from judge.local import Kit, check_example, run_examples
from judge.runner import wire

packages = ChallengeRepository(Path("/src/challenges"))

def judged(task):
    kit = Kit.from_json(json.load(open(task["kit"])))
    # The server's checker (what POST /api/v1/challenges/<slug>/check runs), called here.
    challenge = packages.get(kit.slug)
    kit.checker = lambda case, results: check_example(challenge, case.name, wire.encode(results))
    judgement = run_examples(kit, open(task["source"]).read())
    return {**task, "verdict": judgement.verdict.value, "message": judgement.message}

tasks = json.load(open(sys.argv[1]))
with ThreadPoolExecutor(2) as pool:  # two runner subprocesses at once, as this machine has CPUs
    print(json.dumps(list(pool.map(judged, tasks))))
"""

# Three of them (each solution is a runner of its own, importing PyTorch): a loss and gradients,
# a module checked by hooks, and a module compiled by TorchScript from its source, which
# inspect must find where no file holds it. The packages' proof runs every one in the sandbox.
TORCH_PACKAGES = [
    ChallengeRepository(SETTINGS.challenges_dir).get(slug)
    for slug in ("torch_vae", "torch_cnn", "torch_module_to_script")
]


@pytest.mark.docker
def test_judge_test_runs_the_pytorch_packages_where_pytorch_is_installed(
    tmp_path, torch_runner_image
):
    """``judge test``'s own code (run_examples, each example's results checked by the server's
    function) on a machine with PyTorch: the PyTorch image's Python, with this checkout's judge
    on its path. Every PyTorch package's reference and right/ solutions pass their examples, its
    starter does not (tests/test_local.py does the same for NumPy's packages)."""
    tasks = []
    for challenge in TORCH_PACKAGES:
        kit = tmp_path / f"{challenge.slug}.json"
        kit.write_text(json.dumps(make_kit(challenge, SETTINGS)))
        right = [challenge.path / "reference.py", *sorted(challenge.path.glob("right/*.py"))]
        wrong = [challenge.path / "starter.py"]
        for path, passes in [(p, True) for p in right] + [(p, False) for p in wrong]:
            relative = path.relative_to(REPO)
            tasks.append(
                {"kit": f"/work/{kit.name}", "source": f"/src/{relative}", "passes": passes}
            )
    (tmp_path / "tasks.json").write_text(json.dumps(tasks))
    (tmp_path / "run.py").write_text(textwrap.dedent(LOCAL_RUN))
    tmp_path.chmod(0o755)
    install = "import site; open(site.getsitepackages()[0] + '/judge.pth', 'w').write('/src')"
    listed = "/work/tasks.json"
    done = subprocess.run(
        ["docker", "run", "--rm", "--network", "none", "--user", "0", "--entrypoint", "sh",
         "-v", f"{REPO}:/src:ro", "-v", f"{tmp_path}:/work:ro", "-w", "/tmp",
         torch_runner_image, "-c", f'python3 -c "{install}" && python3 /work/run.py {listed}'],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(results) == len(tasks) >= 3 * len(TORCH_PACKAGES)
    for result in results:
        accepted = result["verdict"] == "accepted"
        assert accepted == result["passes"], f"{result['source']}: {result['message']}"
