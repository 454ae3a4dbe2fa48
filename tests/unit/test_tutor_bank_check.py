"""The bank_check report: one row per bank file, non-zero exit on a broken item."""

from __future__ import annotations

import yaml

from assistant.tutor.bank import bank_files
from assistant.tutor.bank_check import main


def test_report_has_a_row_per_bank_file_and_passes(capsys):
    code = main()
    out = capsys.readouterr().out
    for path in bank_files():
        assert path.name in out
    assert "generated" in out and "total" in out
    assert code == 0


def test_a_broken_item_fails_the_check(tmp_path, capsys):
    good = yaml.safe_load(bank_files()[0].read_text(encoding="utf-8"))[0]
    broken = dict(good, id="x-broken-01", question="A different question?", support="not in any section at all")
    (tmp_path / "bank_z.yaml").write_text(yaml.safe_dump([good, broken, dict(good)]), encoding="utf-8")
    code = main(tmp_path)
    out = capsys.readouterr().out
    assert code == 1 and "x-broken-01" in out and "duplicate" in out
