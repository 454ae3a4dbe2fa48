"""Web owners: signed-in user, signed learner id, or this browser - each in its own namespace."""

from types import SimpleNamespace

from ui.web.identity import new_browser_id, owner_for, sign_learner, verified_learner


def test_a_signed_learner_id_is_accepted_and_a_forged_one_is_not():
    signature = sign_learner("s3cret", "learner-42")
    assert verified_learner("s3cret", "learner-42", signature) == "learner-42"
    assert verified_learner("s3cret", "learner-43", signature) is None
    assert verified_learner("other", "learner-42", signature) is None
    assert verified_learner(None, "learner-42", signature) is None
    assert verified_learner("s3cret", "bad id with spaces", sign_learner("s3cret", "bad id with spaces")) is None


def test_owners_follow_user_then_learner_then_browser_in_separate_namespaces():
    browser = new_browser_id()
    signed_in = SimpleNamespace(username="dr.lee", session_hash="s")
    anonymous = SimpleNamespace(username=None, session_hash="s")
    assert owner_for(signed_in, browser, "web") == "web-user:dr.lee"
    assert owner_for(anonymous, browser, "tutor", "learner-42") == "tutor-learner:learner-42"
    assert owner_for(anonymous, browser, "web") == f"web-browser:{browser}"
    assert owner_for(anonymous, browser, "web") != owner_for(anonymous, browser, "tutor")
    assert owner_for(anonymous, "", "web") == "web-session:s"
    assert new_browser_id() != browser
