"""The casebook plugin's options for MkDocs: each a thin wrapper of the one option schema in
`casebook.site.options`, so that `mkdocs build` and `casebook check` reject a bad option with
the same words, and MkDocs names the key ("Plugin 'casebook' option 'allow': ...")."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config.config_options import BaseConfigOption, ValidationError

from ..site import options as core


class CoreOption(BaseConfigOption):
    """An MkDocs config option that validates with a casebook option class."""

    def __init__(self, option: core.Option):
        super().__init__()
        self.option = option
        self.default = option.default

    def run_validation(self, value):
        if value is None:
            return self.option.default
        try:
            return self.option.validate(value)
        except core.OptionError as e:
            raise ValidationError(str(e)) from None


CasebookConfig = type("CasebookConfig", (base.Config,),
                      {name: CoreOption(option) for name, option in core.OPTIONS.items()})
CasebookConfig.__doc__ = "The casebook plugin's options (see casebook.site.options)."
