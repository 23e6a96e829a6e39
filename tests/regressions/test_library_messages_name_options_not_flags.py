"""The Python API's errors named command-line flags ("choose one with --sample", "--build GRCh38
contradicts the file"), which a pipeline calling `alkannot.annotate(sample=…)` never typed. The library
now names its options as parameters (`sample`) and the command line says each as its flag."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import run_cli

import alkannot
from alkannot.errors import OPTIONS, InputError, as_flags

PACKAGE = Path(alkannot.__file__).resolve().parent
TWO_SAMPLE_MAF = (
    "Hugo_Symbol\tChromosome\tStart_Position\tEnd_Position\tReference_Allele\tTumor_Seq_Allele2\t"
    "Tumor_Sample_Barcode\tNCBI_Build\n"
    "KRAS\t12\t25245351\t25245351\tC\tA\tT1\tGRCh38\nKRAS\t12\t25245351\t25245351\tC\tA\tT2\tGRCh38\n"
)


def test_the_api_names_the_parameter_and_the_command_line_the_flag(tmp_path):
    maf = tmp_path / "two.maf"
    maf.write_text(TWO_SAMPLE_MAF)
    with pytest.raises(InputError) as refused:
        alkannot.annotate(maf=str(maf))
    assert "choose one with `sample`" in str(refused.value) and "--sample" not in str(refused.value)
    result = run_cli("annotate", "--maf", str(maf), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2 and "several samples (T1, T2); choose one with --sample" in result.stderr
    assert "`sample`" not in result.stderr


def test_every_option_becomes_its_flag_and_nothing_else_changes():
    assert as_flags("give it with `sv_vcf` or `fusion_format`; `build` GRCh38") == (
        "give it with --sv-vcf or --fusion-format; --build GRCh38"
    )
    assert as_flags("the `CSQ` field") == "the `CSQ` field"  # not an option: left as written


FLAG = re.compile(r"(?<![\w-])--(" + "|".join(sorted(o.replace("_", "-") for o in OPTIONS)) + r")\b")


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """The string constants of a module that are not documentation (a string standing as a statement:
    a docstring, or an attribute's docstring)."""
    documentation = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in documentation
    ]


def test_no_message_outside_the_command_line_names_a_flag():
    found = []
    for module in sorted(PACKAGE.rglob("*.py")):
        if "cli" in module.relative_to(PACKAGE).parts[:1]:
            continue  # the command line names its own flags
        for line, text in _strings(ast.parse(module.read_text(encoding="utf-8"))):
            if FLAG.search(text):
                found.append(f"{module.relative_to(PACKAGE)}:{line}: {text[:80]!r}")
    assert found == []
