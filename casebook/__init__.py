"""casebook: client stories for executive coaches, published without identifying anyone.

The core (story model, checker) imports without MkDocs; `casebook.plugin` is the MkDocs shell
and `casebook.cli` the command-line shell.
"""
__version__ = "0.1.0"
