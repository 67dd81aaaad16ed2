"""alignkit: align the language versions of UN documents, check terms, export TMX/XLSX/CSV."""

__version__ = "0.1.0"
