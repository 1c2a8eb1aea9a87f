"""See the package docstring of tradeextract."""
