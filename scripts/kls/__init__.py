"""KLS-webb: the document model and tools for a Swedish IFO quality management system.

This package has no dependency on MkDocs. The CLI (`kls`) and the thin MkDocs glue
under `overrides/hooks/` both import it.
"""

__version__ = "0.1.0"
