"""Allows `python -m spasm_timer`."""

from spasm_timer.cli import main

raise SystemExit(main())
