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


def test_server_settings_protect_the_network():
    import tomllib

    from geo import settings
    from ui.importing import UPLOAD_LIMIT_MB

    config = tomllib.loads((settings.ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert UPLOAD_LIMIT_MB < config["server"]["maxUploadSize"] <= 2 * UPLOAD_LIMIT_MB
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["fileWatcherType"] == "none"  # no source watching on a served app
