"""The session log: one SQLite file the person owns, plus history, export and import (no Qt)."""
