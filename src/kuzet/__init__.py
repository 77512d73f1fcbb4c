"""Kuzet: early warning for preventive diplomacy in Central Asia."""

__version__ = "0.1.0"
