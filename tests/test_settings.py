"""Every setting is documented in the README, and settings are read when used."""

from geo import settings


def test_every_setting_is_documented():
    readme = (settings.ROOT / "README.md").read_text(encoding="utf-8")
    assert [s.name for s in settings.SETTINGS if s.name not in readme] == []
    assert all(s.help for s in settings.SETTINGS)


def test_settings_are_read_at_call_time(monkeypatch, tmp_path):
    monkeypatch.setenv("DVK_DB_PATH", str(tmp_path / "x.sqlite"))
    assert settings.path("DVK_DB_PATH") == tmp_path / "x.sqlite"
    monkeypatch.delenv("DVK_DB_PATH")
    assert settings.path("DVK_DB_PATH") == settings.ROOT / "var" / "dvk.sqlite"
