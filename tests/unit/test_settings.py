from pathlib import Path

import pytest

from assistant.settings import Settings, UnknownSettingWarning, load_settings


def test_defaults_need_no_configuration(tmp_path):
    settings = load_settings(environ={}, data_dir=tmp_path)
    assert settings.model == "none"
    assert settings.sessions == "sqlite"
    assert settings.index_dir == tmp_path / "index"
    assert settings.host == "127.0.0.1"


def test_explicit_beats_env_beats_toml(tmp_path):
    config = tmp_path / "ca.toml"
    config.write_text('port = 1111\ncountry = "UK"\nvotes = 7\n')
    env = {"CLINICAL_ASSISTANT_PORT": "2222", "CLINICAL_ASSISTANT_VOTES": "9"}
    settings = load_settings(config, environ=env, port=3333)
    assert settings.port == 3333  # explicit
    assert settings.votes == 9  # env over TOML
    assert settings.country == "UK"  # TOML over default


def test_toml_may_use_a_section(tmp_path):
    config = tmp_path / "ca.toml"
    config.write_text('[clinical_assistant]\naudience = "nurse"\n')
    assert load_settings(config, environ={}).audience == "nurse"


def test_unknown_toml_key_is_named(tmp_path):
    config = tmp_path / "ca.toml"
    config.write_text("colour = 'blue'\n")
    with pytest.raises(ValueError, match="colour"):
        load_settings(config, environ={})


def test_missing_toml_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.toml"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_index_follows_a_new_data_dir_unless_set(tmp_path):
    base = Settings(data_dir=tmp_path / "a")
    assert base.with_overrides(data_dir=tmp_path / "b").index_dir == tmp_path / "b" / "index"
    shared = Settings(data_dir=tmp_path / "a", index_dir=tmp_path / "shared")
    assert shared.with_overrides(data_dir=tmp_path / "b").index_dir == tmp_path / "shared"


def test_compiled_tables_follow_a_new_data_dir_unless_shared(tmp_path):
    base = Settings(data_dir=tmp_path / "a")
    assert base.cache_dir == tmp_path / "a" / "cache"
    assert base.with_overrides(data_dir=tmp_path / "b").cache_dir == tmp_path / "b" / "cache"
    shared = Settings(data_dir=tmp_path / "a", cache_dir=tmp_path / "tables")
    assert shared.with_overrides(data_dir=tmp_path / "b").cache_dir == tmp_path / "tables"
    assert load_settings(None, environ={"CLINICAL_ASSISTANT_CACHE_DIR": str(tmp_path / "env")}).cache_dir == \
        tmp_path / "env"


def test_paths_expand_user(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    settings = load_settings(environ={"CLINICAL_ASSISTANT_DATA_DIR": "~/ca"})
    assert settings.data_dir == Path(tmp_path) / "ca"


def test_a_misspelt_variable_is_named_with_the_setting_it_resembles(tmp_path):
    environ = {"CLINICAL_ASSISTANT_SESSION": "memory", "CLINICAL_ASSISTANT_DATA_DIR": str(tmp_path)}
    with pytest.warns(UnknownSettingWarning, match="CLINICAL_ASSISTANT_SESSION is not a setting.*SESSIONS\\?"):
        settings = load_settings(None, environ=environ)
    assert settings.sessions == "sqlite" and settings.data_dir == tmp_path  # ignored, the rest still read


def test_real_variables_and_the_config_file_variable_raise_no_warning(tmp_path, recwarn):
    config = tmp_path / "settings.toml"
    config.write_text('country = "UK"\n', encoding="utf-8")
    load_settings(None, environ={"CLINICAL_ASSISTANT_CONFIG": str(config), "CLINICAL_ASSISTANT_WORKERS": "2",
                                 "OTHER_TOOL_SETTING": "x"})
    assert not [w for w in recwarn if issubclass(w.category, UnknownSettingWarning)]
