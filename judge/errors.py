"""Infrastructure faults. A candidate's mistake is a verdict, never one of these."""


class JudgeError(Exception):
    """Raised when the judge itself fails; the root of every infrastructure fault."""


class ConfigError(JudgeError):
    """Raised when a setting is missing or malformed."""


class ChallengeError(JudgeError):
    """Raised when a challenge package is missing, malformed or inconsistent."""


class UnknownChallenge(ChallengeError):
    """Raised when no challenge package has the requested slug."""


class UnavailableChallenge(UnknownChallenge):
    """Raised when the requested challenge's package does not load (its cause is logged, and
    listed by ``judge health`` and ``judge challenges check``)."""


class SandboxError(JudgeError):
    """Raised when the sandbox cannot be created, run or cleaned up (Docker unreachable, ...)."""


class SandboxUnavailable(SandboxError):
    """Raised when the sandbox's engine cannot be reached now (stopped, restarting): judging is
    put off until it answers, not failed. ``cut_short``: a run was under way when it went."""

    def __init__(self, message: str, cut_short: bool = False) -> None:
        super().__init__(message)
        self.cut_short = cut_short


class ProtocolError(JudgeError):
    """Raised when the runner's result channel is malformed, truncated or not authentic."""


class OutputTooLarge(ProtocolError):
    """Raised when an event from the sandbox is over a decoding limit (header, nodes, elements)."""


class StorageError(JudgeError):
    """Raised when a submission cannot be stored or loaded."""


class ServerUnreachable(JudgeError):
    """Raised when the judge's API cannot be reached, or answers with something other than JSON."""


class ApiRefused(JudgeError):
    """Raised when the judge's API answers a request with an error (its status and message)."""

    def __init__(self, status: int, message: str, retry_after_s: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        #: A 429's ``Retry-After``: the seconds after which the server will take it.
        self.retry_after_s = retry_after_s
