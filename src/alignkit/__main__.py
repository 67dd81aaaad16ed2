"""``python -m alignkit`` runs the command-line interface."""

from .cli import cli

cli()
