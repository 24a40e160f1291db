"""Key recovery (passphrase, trustee shares) and rotation that survives interruption."""

from __future__ import annotations

import json
import stat

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sijill.security import crypto, keys, shamir
from sijill.sources.models import Source
from sijill.sources.services import source_create


@given(secret=st.binary(min_size=1, max_size=48), n=st.integers(1, 8), data=st.data())
@hsettings(max_examples=150, deadline=None)
def test_any_k_shares_rebuild_the_secret(secret, n, data):
    k = data.draw(st.integers(1, n))
    shares = shamir.split(secret, threshold=k, shares=n)
    chosen = data.draw(st.permutations(shares))[:k]
    assert shamir.combine(chosen) == secret


def test_gf256_arithmetic_has_inverses():
    for a in range(1, 256):
        assert shamir.gf_mul(a, shamir.gf_div(1, a)) == 1
    assert shamir.gf_mul(0x57, 0x83) == 0xC1  # FIPS-197 worked example


def test_fewer_shares_than_the_threshold_do_not_open_the_backup(keys_folder):
    document, shares = keys.key_backup_document(passphrase=None, threshold=3, trustees=5)
    with pytest.raises(keys.RecoveryFailed, match="needs 3"):
        keys.key_backup_open(document, shares=shares[:2])
    bundle = keys.key_backup_open(document, shares=[shares[4], shares[1], shares[2]])
    assert bundle == keys.bundle_read()


def test_mistyped_share_is_caught_by_its_check_digits():
    share = str(keys.Share("abcd1234", 2, 1, bytes(range(32))))
    broken = share[:-12] + ("0" if share[-12] != "0" else "1") + share[-11:]
    with pytest.raises(keys.RecoveryFailed, match="mistyped"):
        keys.Share.parse(broken)


def test_wrong_passphrase_is_refused(keys_folder):
    document, _ = keys.key_backup_document(passphrase="correct horse battery staple")
    with pytest.raises(keys.RecoveryFailed, match="Wrong passphrase"):
        keys.key_backup_open(document, passphrase="correct horse battery stapler")


@pytest.mark.django_db
def test_lost_laptop_keys_come_back_from_trustees_and_records_open(analyst, keys_folder, tmp_path, monkeypatch,
                                                                  settings):
    source = source_create(user=analyst, title="Statement", source_type="witness-testimony", witness_name="نور")
    monkeypatch.setenv("SIJILL_KEYS_PASSPHRASE", "a passphrase of several words")
    call_command("keys", "backup", "-o", str(tmp_path / "keys.json"), "--trustees", "5", "--threshold", "3",
                 "--shares-dir", str(tmp_path / "shares"))
    assert stat.S_IMODE((tmp_path / "keys.json").stat().st_mode) == 0o600
    assert "نور" not in (tmp_path / "keys.json").read_text()
    # The laptop is lost: a new keys folder, recovered from three of five shares.
    settings.SIJILL_KEYS_DIR = str(tmp_path / "new-keys")
    crypto.keyring_reset()
    picked = [(tmp_path / "shares" / f"share-{i}.txt").read_text().strip() for i in (1, 3, 5)]
    args = ["keys", "recover", str(tmp_path / "keys.json")] + [a for s in picked for a in ("--share", s)]
    call_command(*args)
    assert Source.objects.get(pk=source.pk).witness_name == "نور"
    with pytest.raises(CommandError, match="already holds keys"):
        call_command(*args)
    # ...or from the passphrase copy.
    call_command("keys", "recover", str(tmp_path / "keys.json"), "--force")
    crypto.keyring_reset()
    assert Source.objects.get(pk=source.pk).witness_name == "نور"


@pytest.mark.django_db
def test_rotation_reseals_everything_and_resumes_after_interruption(analyst, keys_folder):
    names = [f"شاهد {i}" for i in range(7)]
    ids = [source_create(user=analyst, title=f"S{i}", source_type="witness-testimony", witness_name=n,
                         witness_contact=f"+963 {i}").pk for i, n in enumerate(names)]
    old_key = crypto.keyring()["current"]

    def crash(label, field, done):
        raise KeyboardInterrupt  # the admin's terminal closed after the first batch

    with pytest.raises(KeyboardInterrupt):
        keys.rotate(batch=3, progress=crash)
    new_key = (keys_folder / "rotating").read_text().strip()
    assert (keys_folder / f"field-{old_key}.key").exists()  # old key kept until done
    mixed = {crypto.token_key_id(t) for t in Source.objects.values_list("witness_name", flat=True)}
    assert mixed == {old_key, new_key}
    report = keys.rotate(batch=3)
    assert report.key_id == new_key and report.retired == [old_key]
    assert not (keys_folder / f"field-{old_key}.key").exists() and not (keys_folder / "rotating").exists()
    for pk, name in zip(ids, names, strict=True):
        source = Source.objects.get(pk=pk)
        assert source.witness_name == name
        assert crypto.token_key_id(Source.objects.filter(pk=pk).values_list("witness_contact", flat=True)[0]) == new_key
    # the blind index key does not rotate: exact search still finds the witness
    from sijill.sources.selectors import source_list
    assert [s.pk for s in source_list(user=analyst, q="شاهد 3")] == [ids[3]]
    assert json.loads(json.dumps(report.__dict__))["resealed"] >= 14 - 3
