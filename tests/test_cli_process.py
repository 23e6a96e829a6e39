"""The console entry point's process settings (alkannot.cli.main): the garbage collector is paused
only while modules load, so reading a large input still frees its cyclic garbage; a user's own
PYDANTIC_DISABLE_PLUGINS is kept."""

from __future__ import annotations

import gc
import json
import os
import sys

import pytest

from alkannot import cli, pipeline
from conftest import ALK_POSITIVE, EXAMPLES


@pytest.fixture
def restore_gc():
    threshold, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)
    (gc.enable if enabled else gc.disable)()


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["alkannot", *args])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    return exc.value.code


def test_garbage_is_collected_while_inputs_are_read(monkeypatch, tmp_path, restore_gc):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    seen = {}
    real = pipeline.annotate

    def spy(**kwargs):
        seen["collecting"] = gc.isenabled()
        return real(**kwargs)

    monkeypatch.setattr(pipeline, "annotate", spy)
    out = tmp_path / "r.json"
    vcf = EXAMPLES / "P01_G1202R_after_alectinib.GRCh38.vcf.gz"
    assert _main(monkeypatch, "annotate", "--vcf", str(vcf), "--clinical", str(ALK_POSITIVE), "-o", str(out)) == 0
    assert seen == {"collecting": True}
    assert any(a["name"] == "ALK p.G1202R" for a in json.loads(out.read_text())["alterations"])
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "__all__"


def test_a_users_pydantic_plugin_setting_is_kept(monkeypatch, restore_gc):
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    assert _main(monkeypatch, "schema", "kb") == 0
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"
