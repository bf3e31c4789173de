"""What starts, stops and breaks the judge's real processes for the suite, the fault lab and
the benchmarks: :mod:`harness.processes`, :mod:`harness.faultlab`, :mod:`harness.attacks`."""
