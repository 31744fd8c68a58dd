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
