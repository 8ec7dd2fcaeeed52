"""Reliability under faults, concurrency and hostile input (issue #6)."""
