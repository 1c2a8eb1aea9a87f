"""Benchmark corpus: articles varied from tests/fixtures, generated at run time (not stored)."""

from .generate import Article, Variator, generate, load_fixtures, write_articles

__all__ = ["Article", "Variator", "generate", "load_fixtures", "write_articles"]
