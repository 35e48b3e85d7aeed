"""The demo that `make run` opens with, and synthetic people for benchmarks.

It sits above every app (core → accounts → matching → mentorship → programmes →
demo): it reads them all, and none of them imports it.

- data/: the demo people, their stories and the programme, as plain data;
- load.py and lifecycle.py: the loader, which creates them through the apps'
  services (and the people's rows directly, see load.py);
- synthetic.py and synthetic_people.py: large generated sets, written in bulk;
- management/commands/seed_demo.py: the command, a thin adapter over both.
"""
