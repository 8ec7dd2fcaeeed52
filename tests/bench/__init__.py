"""Benchmarks against the limits of issue #6 (run by tests/bench/run.py, not by pytest)."""
