"""ui.web.server: loopback detection, login parsing, the exposure warning and framing headers."""

import pytest

from assistant.settings import Settings
from ui.web import server


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_loopback_hosts(host):
    assert server.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "example.org", "::", ""])
def test_non_loopback_hosts(host):
    assert not server.is_loopback(host)


def test_auth_pair_allows_colons_in_the_password():
    assert server.auth_pair("ann:pa:ss") == ("ann", "pa:ss")
    assert server.auth_pair(None) is None and server.auth_pair("") is None


@pytest.mark.parametrize("bad", ["nopassword", ":pw", "user:"])
def test_auth_pair_rejects_malformed_logins(bad):
    with pytest.raises(ValueError, match="user:password"):
        server.auth_pair(bad)


def test_exposure_warning_only_beyond_loopback_without_login(tmp_path):
    assert server.exposure_warning(Settings(data_dir=tmp_path)) is None
    assert server.exposure_warning(Settings(data_dir=tmp_path, host="0.0.0.0", auth="a:b")) is None
    warning = server.exposure_warning(Settings(data_dir=tmp_path, host="0.0.0.0"))
    assert "WITHOUT a login" in warning and "--auth" in warning


def test_origins_are_cleaned():
    assert server.origins_of(" https://a.edu/, ,http://b.org ") == ["https://a.edu", "http://b.org"]
    assert server.origins_of(None) == []


def test_only_the_tutor_may_be_framed_by_other_origins():
    origins = ["https://course.example.edu"]
    assert server.frame_ancestors(origins, embeddable=False) == "frame-ancestors 'self'"
    assert server.frame_ancestors(origins, embeddable=True) == "frame-ancestors 'self' https://course.example.edu"
    assert server.frame_ancestors(["*"], embeddable=True) == "frame-ancestors *"


def test_public_url_for_wildcard_and_ipv6_hosts(tmp_path):
    assert server.public_url(Settings(data_dir=tmp_path, host="0.0.0.0", port=9)) == "http://127.0.0.1:9"
    assert server.public_url(Settings(data_dir=tmp_path, host="::1", port=9)) == "http://[::1]:9"
