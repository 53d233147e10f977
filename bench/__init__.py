"""Benchmarks: run them all with `bench/run` from the project root."""
