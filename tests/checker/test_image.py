from .conftest import findings


def test_alt_text_naming_someone():
    body = "![Tamsin Okafor at the launch](/img/launch.jpg)\n\nA good day."
    fs = [f for f in findings(body) if f.category == "IMAGE"]
    assert any("Tamsin" in f.text for f in fs)


def test_file_name_naming_someone():
    body = "![The client at the launch](/img/tamsin-okafor-launch.jpg)\n\nA good day."
    fs = [f.text for f in findings(body) if f.category == "IMAGE"]
    assert "tamsin" in fs


def test_neutral_image_passes():
    body = "![A flipchart after the workshop](/img/flipchart-workshop.jpg)\n\nA good day."
    assert [f for f in findings(body) if f.category == "IMAGE"] == []


def test_name_after_ordinary_words_in_alt_text():
    body = "![Portrait of Evander Mbeki-Lowe](/img/portrait.png)\n\nA good day."
    fs = [f.text for f in findings(body) if f.category == "IMAGE"]
    assert any("Evander" in t for t in fs)


def test_file_name_with_a_name_that_is_also_a_plant():
    body = "![The award](/img/heather-mcbride-award.png)\n\nA good day."
    fs = [f.text for f in findings(body) if f.category == "IMAGE"]
    assert "heather" in fs
