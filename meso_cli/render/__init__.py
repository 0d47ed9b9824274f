"""Everything meso writes: emit.py writes a command's View in the format asked; machine.py the
json, csv, tsv and jsonl; table.py and chart.py draw for people (Rich, imported inside the
functions that draw, as is the batch progress bar's); notes.py, describe.py and the *_out.py
views put the results into words."""
