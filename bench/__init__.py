"""`make bench`: Samordna's pages timed on PostgreSQL with the county (or national) set, served by gunicorn.

Never part of `make test`: timings depend on the machine. Entry point: `python -m bench.run` (bench/run.py).
"""
