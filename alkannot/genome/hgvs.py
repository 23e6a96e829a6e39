"""Genomic (VCF) → HGVS c. → p. for SNVs, MNVs and indels on one transcript.

Where the embedded coding sequence covers a change, the reference is checked and the protein
change computed exactly (indels shifted 3′ as HGVS requires). Elsewhere only the protein is known:
an SNV's alternate residue is given when every codon of the reference residue that carries the
observed REF base yields the same alternate residue, and left open otherwise. Where a transcript's
protein is known only in part ('X' residues, e.g. bypass genes whose coding sequence is embedded in
stretches), only the c. notation is given there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .code import CODON_TABLE, three, translate
from .transcripts import CPos, Transcript

SPLICE_EXON_BASES = 3  # exonic bases next to an exon edge in the splice region (as VEP counts them)
SPLICE_INTRON_BASES = 8  # intronic bases in the splice region
SPLICE_SITE_BASES = 2  # intronic bases of the donor/acceptor dinucleotide
UNKNOWN_RESIDUE = "X"  # a residue of a transcript whose protein is known only in part


class RefMismatch(Exception):
    """The VCF REF allele disagrees with the embedded reference sequence."""

    def __init__(self, c_pos: int, expected: str, found: str, genomic_pos: int) -> None:
        self.c_pos, self.expected, self.found, self.genomic_pos = c_pos, expected, found, genomic_pos
        super().__init__(f"c.{c_pos}: expected {expected}, found {found}")


class ResidueChange(NamedTuple):
    position: int
    ref: str
    alt: str


@dataclass
class Consequence:
    """What a variant does to one transcript."""

    transcript: Transcript = field(repr=False)
    consequence: str
    hgvs_c: str | None = None
    hgvs_p: str | None = None
    protein_change: str | None = None
    exon: int | None = None
    intron: int | None = None
    splice_region: bool = False
    residues: list[ResidueChange] = field(default_factory=list)
    first_residue: int | None = None
    ref_residue: str | None = None
    verified: bool = False
    """True when REF was checked against the embedded coding sequence."""

    @property
    def coding(self) -> bool:
        return self.consequence not in {
            "intron_variant",
            "5_prime_UTR_variant",
            "3_prime_UTR_variant",
            "upstream_or_downstream",
        }


def trim_alleles(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Drop shared leading then trailing bases; pos moves with the leading trim."""
    while ref and alt and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    while ref and alt and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    return pos, ref, alt


def hgvs_g(tx: Transcript, pos: int, ref: str, alt: str) -> str:
    return genomic_notation(f"{tx.refseq_chrom}:g." if tx.refseq_chrom else f"chr{tx.chrom}:g.", pos, ref, alt)


def genomic_notation(prefix: str, pos: int, ref: str, alt: str) -> str:
    """HGVS g. after trimming shared bases, e.g. 'chr7:g.140753336A>T'."""
    p, r, a = trim_alleles(pos, ref, alt)
    if len(r) == 1 and len(a) == 1:
        return f"{prefix}{p}{r}>{a}"
    if not a:
        return f"{prefix}{p}del" if len(r) == 1 else f"{prefix}{p}_{p + len(r) - 1}del"
    if not r:
        return f"{prefix}{p - 1}_{p}ins{a}"
    return f"{prefix}{p}_{p + len(r) - 1}delins{a}"


def annotate(tx: Transcript, pos: int, ref: str, alt: str) -> Consequence | None:
    """Consequence on `tx` of a VCF allele (1-based pos, + strand), or None outside the transcript."""
    p, r, a = trim_alleles(pos, ref.upper(), alt.upper())
    if not r and not a:
        return None  # REF equals ALT: no change
    g_lo, g_hi = (p, p + len(r) - 1) if r else (p - 1, p)  # insertions sit between p-1 and p
    lo_span, hi_span = tx.span
    if g_hi < lo_span or g_lo > hi_span:
        return None
    c_lo_pos, c_hi_pos = (g_hi, g_lo) if tx.strand == "-" else (g_lo, g_hi)
    c1, c2 = tx.cpos(c_lo_pos), tx.cpos(c_hi_pos)
    if c1 is None or c2 is None:
        return None
    ref_c = tx.genomic_bases_to_coding(r)
    alt_c = tx.genomic_bases_to_coding(a)
    exonic = c1.offset == 0 and c2.offset == 0
    cons = _placed(tx, p, bool(r), exonic, (g_lo, g_hi))

    in_cds = exonic and c1.c >= 1 and c2.c <= tx.cds_length
    if in_cds:
        _coding_change(tx, cons, _Edit(c1.c, c2.c, ref_c, alt_c), (g_lo, g_hi))
    else:
        cons.hgvs_c = _c_notation(c1, c2, ref_c, alt_c)
        cons.consequence = _noncoding_consequence(tx, c1, c2)
    return cons


def _placed(tx: Transcript, p: int, has_ref: bool, exonic: bool, g_span: tuple[int, int]) -> Consequence:
    """A consequence with where the change lies: its exon or intron and whether it touches a splice region."""
    cons = Consequence(transcript=tx, consequence="intron_variant")
    cons.exon = tx.exon_number(p) if exonic else None
    cons.intron = None if exonic else tx.intron_number(p if has_ref else p - 1) or tx.intron_number(p)
    cons.splice_region = _in_splice_region(tx, g_span[0], g_span[1])
    return cons


def splice_site_hit(tx: Transcript, pos: int, ref: str, alt: str) -> str | None:
    """'splice_donor_variant' / 'splice_acceptor_variant' when a change removes or replaces a base of a
    donor or acceptor dinucleotide, judged over every base it touches (`annotate` names a change from its
    end points, so a deletion from an exon into the intron past the dinucleotide reads 'intron_variant')."""
    p, r, _ = trim_alleles(pos, ref.upper(), alt.upper())
    for g in range(p, p + len(r)):
        cp = tx.cpos(g)
        if cp is not None and cp.offset and abs(cp.offset) <= SPLICE_SITE_BASES:
            return "splice_donor_variant" if cp.offset > 0 else "splice_acceptor_variant"
    return None


def _in_splice_region(tx: Transcript, g_lo: int, g_hi: int) -> bool:
    for g in range(g_lo, g_hi + 1):
        cp = tx.cpos(g)
        if cp is None:
            continue
        if cp.offset and abs(cp.offset) <= SPLICE_INTRON_BASES:
            return True
        if not cp.offset:
            dist = tx.distance_to_exon_edge(g)
            if dist is not None and dist < SPLICE_EXON_BASES:
                return True
    return False


def _noncoding_consequence(tx: Transcript, c1: CPos, c2: CPos) -> str:
    offsets = [c.offset for c in (c1, c2) if c.offset]
    if offsets:
        if any(abs(o) <= SPLICE_SITE_BASES for o in offsets):
            return (
                "splice_donor_variant"
                if any(0 < o <= SPLICE_SITE_BASES for o in offsets)
                else "splice_acceptor_variant"
            )
        return "intron_variant"
    if c2.c < 1:
        return "5_prime_UTR_variant"
    if c1.c > tx.cds_length:
        return "3_prime_UTR_variant"
    return "coding_sequence_variant"  # crosses the CDS start or end


def _c_notation(c1: CPos, c2: CPos, ref_c: str, alt_c: str) -> str:
    rng = f"{c1}" if (c1.c, c1.offset) == (c2.c, c2.offset) else f"{c1}_{c2}"
    if ref_c and alt_c and len(ref_c) == 1 and len(alt_c) == 1:
        return f"c.{c1}{ref_c}>{alt_c}"
    if not alt_c:
        return f"c.{rng}del"
    if not ref_c:
        return f"c.{c1}_{c2}ins{alt_c}"
    return f"c.{rng}delins{alt_c}"


def _shift_3prime(tx: Transcript, start: int, ref_c: str, alt_c: str) -> tuple[int, str, str]:
    """HGVS 3′ rule for a pure deletion/insertion inside the known coding sequence.

    For a deletion `start` is its first c. base; for an insertion the base after which it sits."""
    if ref_c and not alt_c:
        s, unit = start, ref_c
        while True:
            nxt = tx.known_coding(s + len(unit), s + len(unit))
            if nxt is None or nxt != unit[0]:
                return s, unit, ""
            unit, s = unit[1:] + nxt, s + 1
    if alt_c and not ref_c:
        s, unit = start, alt_c
        while True:
            nxt = tx.known_coding(s + 1, s + 1)
            if nxt is None or nxt != unit[0]:
                return s, "", unit
            unit, s = unit[1:] + nxt, s + 1
    return start, ref_c, alt_c


class _Edit(NamedTuple):
    """A change in c. space: first and last c. position (an insertion: the two it sits between) and the
    reference and alternate bases on the coding strand."""

    c_lo: int
    c_hi: int
    ref_c: str
    alt_c: str


def _verify(tx: Transcript, cons: Consequence, edit: _Edit, g_span: tuple[int, int]) -> str | None:
    """The embedded coding bases the change covers (None when unknown); a REF that contradicts them raises."""
    c_lo, c_hi, ref_c, _ = edit
    known = tx.known_coding(c_lo, c_hi) if ref_c else tx.known_coding(c_lo, c_lo)
    if known is None:
        return None
    if ref_c and known != ref_c:
        bad = next(i for i, (k, f) in enumerate(zip(known, ref_c, strict=False)) if k != f)
        gpos = (g_span[1] - bad) if tx.strand == "-" else (g_span[0] + bad)
        raise RefMismatch(c_lo + bad, known[bad], ref_c[bad], gpos)
    cons.verified = True
    return known


def _shifted(tx: Transcript, edit: _Edit) -> _Edit:
    """A pure deletion or insertion moved 3′ as far as the known sequence allows (the HGVS rule)."""
    c_lo, _, ref_c, alt_c = edit
    if ref_c and not alt_c:
        c_lo, ref_c, _ = _shift_3prime(tx, c_lo, ref_c, "")
        return _Edit(c_lo, c_lo + len(ref_c) - 1, ref_c, alt_c)
    if alt_c and not ref_c:
        c_lo, _, alt_c = _shift_3prime(tx, c_lo, "", alt_c)
        return _Edit(c_lo, c_lo + 1, ref_c, alt_c)
    return edit


def _coding_change(tx: Transcript, cons: Consequence, edit: _Edit, g_span: tuple[int, int]) -> None:
    if not edit.ref_c:  # insertion: between c_lo and c_hi (c_hi = c_lo + 1)
        edit = edit._replace(c_lo=min(edit.c_lo, edit.c_hi), c_hi=max(edit.c_lo, edit.c_hi))
    if _verify(tx, cons, edit, g_span) is not None:
        edit = _shifted(tx, edit)
    c_lo, c_hi, ref_c, alt_c = edit
    cons.hgvs_c = _cds_c_notation(tx, c_lo, c_hi, ref_c, alt_c)

    first_codon = (c_lo - 1) // 3 + 1
    cons.first_residue = first_codon
    if 1 <= first_codon <= len(tx.protein) and tx.protein[first_codon - 1] != UNKNOWN_RESIDUE:
        cons.ref_residue = tx.protein[first_codon - 1]
    delta = len(alt_c) - len(ref_c)
    if delta % 3:
        cons.consequence = "frameshift_variant"
        _frameshift(tx, cons, c_lo, ref_c, alt_c)
        return
    if ref_c and alt_c and len(ref_c) == len(alt_c):
        _substitution(tx, cons, c_lo, ref_c, alt_c)
    else:
        _inframe_indel(tx, cons, edit)


def _cds_c_notation(tx: Transcript, c_lo: int, c_hi: int, ref_c: str, alt_c: str) -> str:
    if ref_c and alt_c and len(ref_c) == len(alt_c) == 1:
        return f"c.{c_lo}{ref_c}>{alt_c}"
    if not alt_c:
        return f"c.{c_lo}del" if c_lo == c_hi else f"c.{c_lo}_{c_hi}del"
    if not ref_c:
        before = tx.known_coding(c_lo - len(alt_c) + 1, c_lo)
        if before == alt_c:
            s = c_lo - len(alt_c) + 1
            return f"c.{s}dup" if len(alt_c) == 1 else f"c.{s}_{c_lo}dup"
        return f"c.{c_lo}_{c_lo + 1}ins{alt_c}"
    return f"c.{c_lo}delins{alt_c}" if c_lo == c_hi else f"c.{c_lo}_{c_hi}delins{alt_c}"


def _substitution(tx: Transcript, cons: Consequence, c_lo: int, ref_c: str, alt_c: str) -> None:
    codon_a = (c_lo - 1) // 3 + 1
    codon_b = (c_lo + len(ref_c) - 2) // 3 + 1
    window = tx.known_coding(3 * codon_a - 2, 3 * codon_b)
    if window is None:
        if len(ref_c) == 1:
            _snv_from_protein(tx, cons, c_lo, ref_c, alt_c)
        else:
            cons.consequence = "coding_sequence_variant"
        return
    offset = c_lo - (3 * codon_a - 2)
    mutated = window[:offset] + alt_c + window[offset + len(ref_c) :]
    ref_p, alt_p = translate(window), translate(mutated)
    cons.residues = [
        ResidueChange(codon_a + i, r, a) for i, (r, a) in enumerate(zip(ref_p, alt_p, strict=False)) if r != a
    ]
    _name_substitution(cons, codon_a, ref_p, alt_p)


def _name_substitution(cons: Consequence, codon_a: int, ref_p: str, alt_p: str) -> None:
    changed = [i for i, (r, a) in enumerate(zip(ref_p, alt_p, strict=False)) if r != a]
    if not changed:
        cons.consequence = "synonymous_variant"
        cons.hgvs_p = f"p.{three(ref_p[0])}{codon_a}="
        cons.protein_change = f"{ref_p[0]}{codon_a}="
        return
    i, j = changed[0], changed[-1]
    if codon_a + i == 1 and ref_p[i] == "M":
        cons.consequence = "start_lost"
        cons.hgvs_p = "p.Met1?"
        cons.protein_change = "M1?"
        return
    if i == j:
        r, a, pos = ref_p[i], alt_p[i], codon_a + i
        cons.hgvs_p = f"p.{three(r)}{pos}{three(a)}"
        cons.protein_change = f"{r}{pos}{a}"
        cons.consequence = "stop_gained" if a == "*" else "stop_lost" if r == "*" else "missense_variant"
        return
    if "*" in alt_p[i : j + 1]:
        k = i + alt_p[i : j + 1].index("*")
        cons.consequence = "stop_gained"
        cons.hgvs_p = f"p.{three(ref_p[k])}{codon_a + k}Ter"
        cons.protein_change = f"{ref_p[k]}{codon_a + k}*"
        return
    first, last = codon_a + i, codon_a + j
    cons.consequence = "protein_altering_variant"
    cons.hgvs_p = f"p.{three(ref_p[i])}{first}_{three(ref_p[j])}{last}delins{three(alt_p[i : j + 1])}"
    cons.protein_change = f"{ref_p[i]}{first}_{ref_p[j]}{last}delins{alt_p[i : j + 1]}"


def _snv_from_protein(tx: Transcript, cons: Consequence, c_pos: int, ref_base: str, alt_base: str) -> None:
    """Outside the embedded sequence: infer the alternate residue from the reference residue's codons."""
    codon = (c_pos - 1) // 3 + 1
    phase = (c_pos - 1) % 3
    if not 1 <= codon <= len(tx.protein) or tx.protein[codon - 1] == UNKNOWN_RESIDUE:
        cons.consequence = "coding_sequence_variant"
        return
    ref_aa = tx.protein[codon - 1]
    outcomes = set()
    for cod, aa in CODON_TABLE.items():
        if aa == ref_aa and cod[phase] == ref_base:
            outcomes.add(CODON_TABLE[cod[:phase] + alt_base + cod[phase + 1 :]])
    if len(outcomes) != 1:
        cons.consequence = "coding_sequence_variant"
        return
    alt_aa = outcomes.pop()
    cons.residues = [] if alt_aa == ref_aa else [ResidueChange(codon, ref_aa, alt_aa)]
    _name_substitution(cons, codon, ref_aa, alt_aa)


def _indel_protein(tx: Transcript, edit: _Edit) -> tuple[int, str, str] | None:
    """(first codon, reference residues, altered residues) over the codons an in-frame indel touches (for
    an insertion, the codon holding c_lo and the next one); None when their bases are not embedded."""
    c_lo, c_hi, ref_c, alt_c = edit
    codon_a = (c_lo - 1) // 3 + 1
    last_c = c_hi if ref_c else c_lo + 1
    codon_b = (last_c - 1) // 3 + 1
    window = tx.known_coding(3 * codon_a - 2, 3 * codon_b)
    if window is None:
        return None
    offset = c_lo - (3 * codon_a - 2)
    if ref_c:
        mutated = window[:offset] + alt_c + window[offset + len(ref_c) :]
    else:
        mutated = window[: offset + 1] + alt_c + window[offset + 1 :]
    return codon_a, translate(window), translate(mutated)


def _trimmed(ref_p: str, alt_p: str) -> tuple[int, str, str]:
    """The shared prefix trimmed first, then the suffix: the change lands as far C-terminal as it can.
    (residues trimmed from the start, reference run, altered run)"""
    i = 0
    while i < min(len(ref_p), len(alt_p)) and ref_p[i] == alt_p[i]:
        i += 1
    rp, ap = ref_p[i:], alt_p[i:]
    while rp and ap and rp[-1] == ap[-1]:
        rp, ap = rp[:-1], ap[:-1]
    return i, rp, ap


def _inframe_indel(tx: Transcript, cons: Consequence, edit: _Edit) -> None:
    ref_c, alt_c = edit.ref_c, edit.alt_c
    cons.consequence = "inframe_deletion" if len(alt_c) < len(ref_c) else "inframe_insertion"
    if ref_c and alt_c:
        cons.consequence = "protein_altering_variant"
    protein = _indel_protein(tx, edit)
    if protein is None:
        return
    codon_a, ref_p, alt_p = protein
    i, rp, ap = _trimmed(ref_p, alt_p)
    start = codon_a + i
    if not rp and not ap:
        cons.consequence = "synonymous_variant"
    elif "*" in ap:
        k = ap.index("*")
        cons.consequence = "stop_gained"
        cons.hgvs_p = f"p.{three(ref_p[i + k])}{start + k}Ter" if i + k < len(ref_p) else None
    elif not ap:
        _name_deletion(tx, cons, start, rp)
    elif not rp:
        _name_insertion(tx, cons, start, ap)
    else:
        end = start + len(rp) - 1
        span = f"{three(rp[0])}{start}" if len(rp) == 1 else f"{three(rp[0])}{start}_{three(rp[-1])}{end}"
        short = f"{rp[0]}{start}" if len(rp) == 1 else f"{rp[0]}{start}_{rp[-1]}{end}"
        cons.hgvs_p = f"p.{span}delins{three(ap)}"
        cons.protein_change = f"{short}delins{ap}"
        cons.consequence = "protein_altering_variant"


def _name_deletion(tx: Transcript, cons: Consequence, start: int, rp: str) -> None:
    start, rp = _shift_residues_3prime(tx.protein, start, rp, start - 1 + len(rp))
    end = start + len(rp) - 1
    cons.hgvs_p = f"p.{three(rp[0])}{start}del" if len(rp) == 1 else f"p.{three(rp[0])}{start}_{three(rp[-1])}{end}del"
    cons.protein_change = f"{rp[0]}{start}del" if len(rp) == 1 else f"{rp[0]}{start}_{rp[-1]}{end}del"
    cons.consequence = "inframe_deletion"
    cons.residues = [ResidueChange(start + k, r, "") for k, r in enumerate(rp)]


def _name_insertion(tx: Transcript, cons: Consequence, start: int, ap: str) -> None:
    """An insertion between residues start-1 and start: a duplication when it repeats what precedes it."""
    start, ap = _shift_residues_3prime(tx.protein, start, ap, start - 1)
    prev = tx.protein[max(0, start - 1 - len(ap)) : start - 1]
    cons.consequence = "inframe_insertion"
    if prev == ap:
        s = start - len(ap)
        cons.hgvs_p = (
            f"p.{three(ap[0])}{s}dup" if len(ap) == 1 else f"p.{three(ap[0])}{s}_{three(ap[-1])}{start - 1}dup"
        )
        cons.protein_change = f"{ap[0]}{s}dup" if len(ap) == 1 else f"{ap[0]}{s}_{ap[-1]}{start - 1}dup"
        return
    if not 2 <= start <= len(tx.protein) or UNKNOWN_RESIDUE in tx.protein[start - 2 : start]:
        return  # at a protein end or the edge of a known stretch: not named
    left, right = tx.protein[start - 2], tx.protein[start - 1]
    cons.hgvs_p = f"p.{three(left)}{start - 1}_{three(right)}{start}ins{three(ap)}"
    cons.protein_change = f"{left}{start - 1}_{right}{start}ins{ap}"


def _shift_residues_3prime(protein: str, start: int, unit: str, after: int) -> tuple[int, str]:
    """HGVS 3′ rule at the protein level: move a deleted or inserted run of residues C-terminal while
    the residue after it (0-based index `after`) repeats its first residue. `start` is the first deleted
    residue, or the residue an insertion sits before (1-based); returns the shifted start and run."""
    while unit and after < len(protein) and protein[after] == unit[0] != UNKNOWN_RESIDUE:
        unit, start, after = unit[1:] + unit[0], start + 1, after + 1
    return start, unit


def _frameshift(tx: Transcript, cons: Consequence, c_lo: int, ref_c: str, alt_c: str) -> None:
    codon = (c_lo - 1) // 3 + 1
    if not ref_c:
        codon = c_lo // 3 + 1  # an insertion after c_lo first alters the codon holding c_lo+1
    start_c = 3 * codon - 2
    around = tx.known_codons_around(start_c)
    window = tx.known_coding(start_c, 3 * around[1]) if around else None
    if window is not None:  # the first residue that really changes
        cut = c_lo - start_c + (0 if ref_c else 1)
        mutated = window[:cut] + alt_c + window[cut + len(ref_c) :]
        ref_p, alt_p = translate(window), translate(mutated)
        k = next((i for i, (r, a) in enumerate(zip(ref_p, alt_p, strict=False)) if r != a), 0)
        if alt_p[k : k + 1] == "*":
            cons.consequence = "stop_gained"
            cons.hgvs_p = f"p.{three(ref_p[k])}{codon + k}Ter"
            cons.protein_change = f"{ref_p[k]}{codon + k}*"
            return
        codon += k
    if 1 <= codon <= len(tx.protein) and tx.protein[codon - 1] != UNKNOWN_RESIDUE:
        r = tx.protein[codon - 1]
        cons.hgvs_p = f"p.{three(r)}{codon}fs"
        cons.protein_change = f"{r}{codon}fs"
