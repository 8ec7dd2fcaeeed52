"""Benchmarks are not tests: the default pytest run must not collect them (run tests/bench/run.py)."""
collect_ignore_glob = ["*.py"]
