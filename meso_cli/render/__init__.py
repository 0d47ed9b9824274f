"""Renderers: table.py draws for people (the only module that imports rich), machine.py writes
json, csv, tsv and jsonl for scripts."""
