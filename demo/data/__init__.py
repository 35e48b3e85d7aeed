"""The demo as data: who the people are, what they lived, and the programme.

Plain values only: these modules describe, and never write. They may name the
apps' choices (a phase, a stage, a checklist step) but import nothing of the
loader (demo/load.py, demo/lifecycle.py), which reads them.
"""
