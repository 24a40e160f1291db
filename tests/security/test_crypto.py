"""Field encryption: tokens open only with their key and their context; keys stay private."""

from __future__ import annotations

import stat

import pytest

from sijill.security import crypto


def test_round_trip_latin_and_arabic(keys_folder):
    for text in ["Ahmad al-Hassan", "أحمد الحسن", "شاهد \u202eevil"]:
        token = crypto.encrypt_text(text, context="sources.Source:42:witness_name")
        assert token.startswith("sj1.") and text not in token
        assert crypto.decrypt_text(token, context="sources.Source:42:witness_name") == text


def test_same_plaintext_gives_different_tokens(keys_folder):
    a = crypto.encrypt_text("Ahmad", context="c")
    b = crypto.encrypt_text("Ahmad", context="c")
    assert a != b


def test_token_moved_to_another_record_does_not_open(keys_folder):
    token = crypto.encrypt_text("Ahmad", context="sources.Source:42:witness_name")
    with pytest.raises(crypto.DecryptionFailed, match="another record"):
        crypto.decrypt_text(token, context="sources.Source:43:witness_name")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(token, context="sources.Source:42:witness_contact")


def test_flipped_byte_is_detected(keys_folder):
    token = crypto.encrypt_text("Ahmad", context="c")
    head, body = token.rsplit(".", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(f"{head}.{flipped}", context="c")


def test_empty_stays_empty(keys_folder):
    assert crypto.encrypt_text("", context="c") == ""
    assert crypto.decrypt_text("", context="c") == ""


def test_key_files_are_private(keys_folder):
    crypto.encrypt_text("x", context="c")
    assert stat.S_IMODE(keys_folder.stat().st_mode) == 0o700
    files = list(keys_folder.iterdir())
    assert {p.name for p in files} >= {"current", "index.key"}
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_old_tokens_open_after_a_new_key_becomes_current(keys_folder):
    old = crypto.encrypt_text("Ahmad", context="c")
    new_id = crypto.key_create()
    crypto.key_set_current(new_id)
    new = crypto.encrypt_text("Ahmad", context="c")
    assert crypto.token_key_id(new) == new_id != crypto.token_key_id(old)
    assert crypto.decrypt_text(old, context="c") == crypto.decrypt_text(new, context="c") == "Ahmad"


def test_missing_key_names_the_folder_and_the_remedy(keys_folder):
    token = crypto.encrypt_text("Ahmad", context="c")
    (keys_folder / f"field-{crypto.token_key_id(token)}.key").unlink()
    crypto.keyring_reset()
    with pytest.raises(crypto.KeyUnavailable, match="keys recover"):
        crypto.decrypt_text(token, context="c")


def test_blind_index_matches_spelling_variants_and_hides_the_name(keys_folder):
    a = crypto.blind_index("أحمد  الحسن", context="f")
    assert a == crypto.blind_index("احمد الحسن", context="f")
    assert a != crypto.blind_index("احمد الحسن", context="g")
    assert a != crypto.blind_index("محمد الحسن", context="f")
    assert len(a) == 64 and "احمد" not in a
    assert crypto.blind_index("  ", context="f") == ""
