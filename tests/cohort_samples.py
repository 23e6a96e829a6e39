"""Hand-made cohort samples for the cohort tests (GRCh38): a VCF with chosen ALK and bypass changes,
a gene-level copy-number table, a fusion notation file and a clinical context, and a manifest."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import change_to_vcf, write_vcf

CONTIGS = ["##contig=<ID=chr7,length=159345973>", "##contig=<ID=chr12,length=133275309>"]
HOTSPOTS = {
    "BRAF V600E": ("chr7", 140753336, "A", "T"),
    "KRAS G12A": ("chr12", 25245350, "C", "G"),
    "KRAS G12C": ("chr12", 25245351, "C", "A"),
}


def sample_files(
    folder: Path,
    sample: str,
    alk_tx,
    changes=(),
    cnv: dict[str, float] | None = None,
    fusion: str | None = None,
    treatments=("crizotinib", "alectinib"),
    histology: str | None = None,
) -> dict[str, Path]:
    """The files of one sample; `changes` are ALK protein changes ('G1202R') or HOTSPOTS keys."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    records = []
    for change in changes:
        chrom, pos, ref, alt = HOTSPOTS[change] if change in HOTSPOTS else ("chr2", *change_to_vcf(alk_tx, change))
        records.append(
            (
                ["chr2", "chr7", "chr12"].index(chrom),
                pos,
                f"{chrom}\t{pos}\t.\t{ref}\t{alt}\t.\tPASS\tDP=300\tGT:AD:DP\t0/1:240,60:300",
            )
        )
    records.append((0, 29100000, "chr2\t29100000\t.\tA\tG\t.\tPASS\tDP=100\tGT:AD:DP\t0/1:80,20:100"))  # outside ALK
    files["vcf"] = write_vcf(folder / f"{sample}.vcf", [r for _, _, r in sorted(records)], header=CONTIGS)
    if cnv:
        files["cnv"] = folder / f"{sample}.cn.tsv"
        files["cnv"].write_text("gene\tcopy_number\n" + "".join(f"{g}\t{v}\n" for g, v in cnv.items()))
    if fusion:
        files["fusions"] = folder / f"{sample}.fusions.txt"
        files["fusions"].write_text(fusion + "\n")
    context: dict = {
        "alk_status": {"result": "positive", "method": "IHC"},
        "treatments": [
            {"drug": d, "line": i, "stop_reason": "progression" if i == len(treatments) else "toxicity"}
            for i, d in enumerate(treatments, 1)
        ],
    }
    if histology:
        context["histology"] = histology
    files["clinical"] = folder / f"{sample}.clinical.yaml"
    files["clinical"].write_text(yaml.safe_dump(context))
    return files


def manifest(path: Path, rows: list[tuple[str, str | None, dict[str, Path]]]) -> Path:
    """A manifest with every column; `rows` are (sample_id, patient_id, files), paths written relative when they can be."""
    columns = ["patient_id", "sample_id", "vcf", "sv_vcf", "fusions", "cnv", "maf", "clinical", "bam"]
    lines = ["\t".join(columns)]
    for sample, patient, files in rows:
        cells = {"patient_id": patient or "", "sample_id": sample}
        for kind, file in files.items():
            try:
                cells[kind] = str(file.relative_to(path.parent))
            except ValueError:
                cells[kind] = str(file)
        lines.append("\t".join(cells.get(c, "") for c in columns))
    path.write_text("\n".join(lines) + "\n")
    return path


FIGURE_2 = (  # seed 001, Fig. 2: 44 re-biopsies after a 2nd-generation ALK TKI
    [dict(changes=["G1202R"])] * 12
    + [
        dict(changes=[c])
        for c in [
            "I1171N",
            "I1171N",
            "I1171T",
            "V1180L",
            "V1180L",
            "L1196M",
            "L1196M",
            "F1174L",
            "F1174L",
            "C1156Y",
            "G1269A",
            "E1210K",
            "S1206Y",
        ]
    ]
    + [
        dict(cnv={"MET": 7.0}),
        dict(fusion="AKAP9::BRAF"),
        dict(changes=["BRAF V600E"]),
        dict(changes=["KRAS G12A"]),
        dict(cnv={"KRAS": 8.0}),
        dict(cnv={"KRAS": 6.5}),
        dict(histology="squamous_transformation"),
        dict(histology="squamous_transformation"),
    ]
    + [dict()] * 11
)


def figure_2_cohort(folder: Path, alk_tx) -> Path:
    last = ["alectinib", "brigatinib", "ceritinib", "alectinib"]
    rows = []
    for i, spec in enumerate(FIGURE_2):
        sample = f"S{i:02d}"
        files = sample_files(folder / "files", sample, alk_tx, treatments=("crizotinib", last[i % 4]), **spec)
        rows.append((sample, f"P{i:02d}", files))
    return manifest(folder / "manifest.tsv", rows)
