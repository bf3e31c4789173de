"""Scores: an accepted submission's timed runs paired with the reference's on the same input
sets, on this worker (:func:`judge.timing.paired_score`); the reference timed right after the
submission (or, with ``reference_reuse`` on, its kept times reused while they hold:
:mod:`judge.timed_sets`); and a score too good to be believed, flagged."""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable

from judge.challenges import Challenge
from judge.config import Settings
from judge.errors import JudgeError, SandboxUnavailable
from judge.grading import Judgement
from judge.judging import judge_reference
from judge.lockstep import Side, Turnstile
from judge.planning import reference_wall_s
from judge.sandbox import Sandbox, wait_idle
from judge.timed_sets import Pool, ReferenceTimes, merged
from judge.timing import median_run_ms, score_on_clock
from judge.verdicts import Verdict

log = logging.getLogger(__name__)

#: How long one side's timed run waits for its turn before the two go on unpaired in time: the
#: other's longest step between two waits is one warm-up or one run (within the runner's wait
#: for a set, ``CHECKPOINT_S``).
TURN_WAIT_S = 30.0


class ReferencePairing:
    """Scores accepted submissions: each of the submission's timed runs is paired with the
    reference's run on the same input set of the challenge's pool
    (:func:`judge.timing.paired_score`). By default the reference is timed right after the
    submission, on the sets it ran, in its order; with ``reference_reuse`` on, on every set of
    the pool (the submission's first), and those times are kept while they hold
    (:meth:`judge.timed_sets.Pool.reference_at`). Either way it runs in a sandbox of its own
    started like the submission's: the reference never runs where a submission can see or
    touch it.

    ``machine`` describes where the scores are made (:func:`judge.machine.describe`): it goes
    with every score, as the reference's times do.
    """

    def __init__(
        self,
        settings: Settings,
        machine: str = "",
        sandbox_for: Callable[[str], Sandbox] | None = None,
    ) -> None:
        self.settings = settings
        self.machine = machine
        # The reference's own sandboxes, by runtime (each with a warm container of its own, so
        # that the reference need not wait for the submission's slot to start the next one);
        # none given: the submission's.
        self.sandbox_for = sandbox_for
        #: The reference's further timings on a pool that just kept one (:meth:`settle`).
        self.owed: Owed | None = None

    def beside(self, challenge: Challenge, pool: Pool) -> Beside | None:
        """The reference's run to start beside a submission's at its go-ahead, their timed runs
        in turn (:mod:`judge.lockstep`); ``None`` where the reference is timed otherwise: its
        times reused (``reference_reuse``), ``reference_lockstep`` off, no sandbox of its own
        for the reference, or a GPU's challenge (two processes on one GPU at once hold two
        contexts of its memory)."""
        if (
            self.settings.reference_reuse
            or not self.settings.reference_lockstep
            or self.sandbox_for is None
            or challenge.device != "cpu"
        ):
            return None
        return Beside(self, challenge, self.sandbox_for(challenge.runtime), pool)

    def score(
        self,
        challenge: Challenge,
        sandbox: Sandbox,
        judgement: Judgement,
        pool: Pool,
        timing_it: Callable[[], None] | None = None,
        beside: Beside | None = None,
    ) -> None:
        """Sets ``judgement``'s score, the reference's time and the machine, from the
        reference's run ``beside`` the submission's, else from its times on ``pool`` that still
        hold at the host's busy share while the submission was timed (``judgement.host_load``),
        else from the reference timed now (``timing_it`` is told). No score (logged) when the
        reference cannot be timed."""
        mine = judgement.timings()
        if not mine:
            return
        ran = {name: timing.variants for name, timing in mine.items()}
        reuse = bool(self.settings.reference_reuse)
        reference = pool.reference_at(judgement.host_load, ran) if reuse else None
        if reference is not None:
            log.info(
                "%s: the reference's times reused (timed at a busy share of %.2f, now %.2f)",
                challenge.slug,
                reference.load,
                judgement.host_load,
            )
        elif beside is not None:
            reference = beside.finish()
            if reference is not None and not reference.covers(ran):
                log.warning("%s: the reference beside it ran too few sets", challenge.slug)
                reference = None  # timed after it, on the very sets it ran
        if reference is None:
            if timing_it is not None:
                timing_it()
            reference = self._timed_now(challenge, sandbox, pool, ran)
            if reference is None:
                return
        pool.uses += 1
        theirs = reference.timings
        # A GPU's work does not show in the sandbox's CPU time: its runs count by the clock.
        judgement.score, clock = score_on_clock(mine, theirs, cpu=challenge.device == "cpu")
        # The figures shown beside the score are on the score's own clock.
        judgement.clock = clock
        judgement.reference_ms = sum(
            median_run_ms(t, clock) for n, t in theirs.items() if n in mine
        )
        judgement.scored_on = self.machine
        judgement.flag_reason = judgement.flag_reason or why_too_fast(
            judgement.score, self.settings
        )

    def _timed_now(
        self,
        challenge: Challenge,
        sandbox: Sandbox,
        pool: Pool,
        ran: dict[str, tuple[int, ...]],
    ) -> ReferenceTimes | None:
        """The reference timed once, now, on ``ran``'s sets (:meth:`_timed_once`); ``None``,
        logged, if it could not be. Where reuse is on (``reference_reuse``), kept by the pool
        where its load allows; its further timings are then owed (:meth:`settle`)."""
        reference = self._timed_once(challenge, sandbox, pool, ran)
        if reference is None or not self.settings.reference_reuse:
            return reference
        kept = pool.keep(reference)
        if kept is not None and kept.confirmed:
            log.info("%s: the reference's kept times confirmed by a second timing", challenge.slug)
        elif kept is not None and self.settings.reference_timings > 1:
            self.owed = Owed(challenge, sandbox, pool, ran, reference)
        return reference

    def settle(self) -> None:
        """Times the reference again where the pool just kept times made of one timing, up to
        ``reference_timings`` in all, and keeps their run-by-run median in place of the one:
        kept times pair with many submissions, so their noise would be all of theirs. Called
        once the submission that needed them has its verdict, which so waits for one timing
        only; the slot's next submission waits for the rest.

        Each further timing starts once both sandboxes' background work (the next warm
        container, the used one's removal) is done, as the submission's own timed runs found
        it. Only timings at about the first's load (:meth:`Pool.alike`) count, and the first
        that is not ends the settling: the host is busy with something else, most often the
        next judging in another slot, which further timings would only slow and saturate. (In
        ``bench/run.py``, where the next submission comes half a second after a verdict, every
        further timing ran at a busy share of 0.9 or more, and their median was kept at that
        load, where nothing is reused: every judging timed the reference again.) The kept times
        are confirmed, and so reused, once a further timing agrees with the first
        (:meth:`Pool.agree`); else the first stays alone, for a later judging's timing to
        confirm."""
        owed, self.owed = self.owed, None
        if owed is None:
            return
        pool, first = owed.pool, owed.first
        alike = [first]
        for _ in range(self.settings.reference_timings - 1):
            more = self._timed_once(owed.challenge, owed.sandbox, pool, owed.ran, quiet=True)
            if more is None:
                break
            if not pool.alike(first, more):
                break  # the host is busy (the next judging, in another slot): leave it be
            alike.append(more)
        if len(alike) < 2:
            log.info(
                "%s: the reference's further timings ran at another load; its one timing stays",
                owed.challenge.slug,
            )
            return
        agreeing = sum(pool.agree(first, more) for more in alike[1:])
        settled = merged(alike)
        assert settled is not None  # two timings or more merge into one
        pool.replace(first, dataclasses.replace(settled, confirmed=agreeing > 0))
        log.info(
            "%s: the reference's kept times are the median of %d timings, %d agreeing with the "
            "first%s",
            owed.challenge.slug,
            len(alike),
            agreeing,
            ": reused from now on" if agreeing else "",
        )

    def _timed_once(
        self,
        challenge: Challenge,
        sandbox: Sandbox,
        pool: Pool,
        ran: dict[str, tuple[int, ...]],
        quiet: bool = False,
        turnstile: Turnstile | None = None,
        beside_s: float = 0.0,
    ) -> ReferenceTimes | None:
        """One timing of the reference on the sets ``ran`` names, in its order (with reuse on,
        then every other set of ``pool``: times to keep), in a sandbox of its own (once both
        ``sandbox``'s and its own background work are done, if ``quiet``; in turn with a
        submission's run of at most ``beside_s`` seconds through ``turnstile``); the pool learns
        its outputs' hashes. ``None``, logged, if it failed."""
        own = self.sandbox_for(challenge.runtime) if self.sandbox_for is not None else sandbox
        if quiet:
            wait_idle(sandbox)
            wait_idle(own)
        try:
            reference = judge_reference(
                challenge,
                own,
                self.settings,
                pool,
                labels={"io.judge.reference": challenge.slug},
                ran={name: list(variants) for name, variants in ran.items()},
                # Times to keep must cover the sets later submissions run; else the
                # submission's sets are all there is to pair.
                every_set=bool(self.settings.reference_reuse),
                turnstile=turnstile,
                beside_s=beside_s,
            )
        except SandboxUnavailable:
            raise
        except JudgeError as exc:
            log.error("no score for a %s submission: the reference failed: %s", challenge.slug, exc)
            return None
        theirs = reference.timings()
        if reference.verdict is not Verdict.ACCEPTED or reference.flag_reason or not theirs:
            why = reference.message or reference.flag_reason or "no timing"
            log.error(
                "no score for a %s submission: the reference was not timed: %s", challenge.slug, why
            )
            return None
        pool.learn_outputs(reference.output_digests)
        return ReferenceTimes(theirs, reference.host_load, time.monotonic())


class Beside:
    """The reference's run beside one submission's (:meth:`ReferencePairing.beside`): started
    in a thread at the submission's go-ahead, on its sets in its order, each of its timed runs
    in turn with one of the submission's (:mod:`judge.lockstep`)."""

    def __init__(
        self, pairing: ReferencePairing, challenge: Challenge, sandbox: Sandbox, pool: Pool
    ) -> None:
        self.pairing, self.challenge, self.sandbox, self.pool = pairing, challenge, sandbox, pool
        #: How long the reference's run may take: the submission's sandbox waits for it too.
        self.wall_s = reference_wall_s(challenge, pairing.settings)
        self._thread: threading.Thread | None = None
        self._times: ReferenceTimes | None = None
        self._beside_s = 0.0
        self.turnstile: Turnstile | None = None  # once started

    def start(self, orders: dict[str, list[int]], wall_s: float) -> Turnstile:
        # A submission's run tried again (the engine failed it) starts the reference's again:
        # the earlier one, told that run is over, ends first, and its times are not these.
        self.finish()
        self._times = None
        self.turnstile = turnstile = Turnstile(TURN_WAIT_S, frozenset(orders))
        self._beside_s = wall_s
        ran = {name: tuple(order) for name, order in orders.items()}
        self._thread = threading.Thread(
            target=self._run, args=(ran, turnstile), name="judge-reference-beside", daemon=True
        )
        self._thread.start()
        return turnstile

    def _run(self, ran: dict[str, tuple[int, ...]], turnstile: Turnstile) -> None:
        try:
            self._times = self.pairing._timed_once(
                self.challenge,
                self.sandbox,
                self.pool,
                ran,
                turnstile=turnstile,
                beside_s=self._beside_s,
            )
        except Exception:  # the reference is timed after the submission instead
            log.exception("the reference's run beside a %s submission failed", self.challenge.slug)
        finally:
            turnstile.over(Side.REFERENCE)

    def finish(self) -> ReferenceTimes | None:
        """The reference's times, once its run is over (``None`` if it never started or failed);
        called once the submission's run is over, which ends the reference's soon after."""
        if self._thread is None:
            return None
        self._thread.join(timeout=self.wall_s + self._beside_s)
        if self._thread.is_alive():
            log.error("the reference's run beside a %s submission did not end", self.challenge.slug)
            return None
        return self._times


@dataclasses.dataclass(frozen=True)
class Owed:
    """The reference's further timings owed on ``pool``, whose kept times are ``first`` alone:
    on the same sets, in the same order (``ran``'s first)."""

    challenge: Challenge
    sandbox: Sandbox
    pool: Pool
    ran: dict[str, tuple[int, ...]]
    first: ReferenceTimes


def why_too_fast(score: float | None, settings: Settings) -> str:
    """Why a score is too good to be believed unseen, or ``""``: no honest NumPy solution of these
    challenges is ``1 / min_plausible_score`` times faster than the reference. (Every timed run
    has inputs of its own and its output is checked, so a kept result fails; this is the last
    line behind that.)"""
    if score is None or score >= settings.min_plausible_score:
        return ""
    return (
        f"{1 / max(score, 1e-9):.0f} times faster than the reference, past the plausible "
        f"{1 / settings.min_plausible_score:.0f} times: results kept from an earlier run?"
    )
