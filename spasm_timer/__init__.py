"""Spasm Timer: guided self-massage routines for muscle spasms and cramps."""

__version__ = "0.1.0"
