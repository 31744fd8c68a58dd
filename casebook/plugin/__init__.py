"""The MkDocs shell around casebook's core: `plugins: [casebook]` in mkdocs.yml."""
