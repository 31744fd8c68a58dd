"""Bad plugin options in mkdocs.yml fail with MkDocs' own config errors, naming the option."""
from __future__ import annotations

import pytest

from conftest import mkdocs_build, site_config, story_text, write_stories

pytestmark = pytest.mark.build


@pytest.mark.parametrize("options, expected", [
    ({"allow": "Brené Brown"}, "allow"),
    ({"consent": ["written", "signed"]}, "consent"),
    ({"pages": 3}, "pages"),
    ({"unknown_option": True}, "unknown_option"),
    ({"enabled": "yes"}, "enabled"),
])
def test_bad_options_fail_with_the_option_named(tmp_path, options, expected):
    write_stories(tmp_path, {"ok.md": story_text()})
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, **options), strict=True)
    assert build.returncode != 0
    assert "Traceback" not in build.output
    assert f"'{expected}'" in build.output or f"{expected}:" in build.output, build.output


def test_cache_inside_docs_dir_is_refused(tmp_path):
    write_stories(tmp_path, {"ok.md": story_text()})
    build = mkdocs_build(tmp_path, config=site_config(tmp_path, cache_dir="stories/.cache"))
    assert build.returncode != 0
    assert "inside docs_dir" in build.output
    assert "Traceback" not in build.output
