"""``Icd10Index``: the ICD-10-CM tabular list (CDC/NCHS, as shipped in the simple-icd-10-cm package), read once by
``Icd10Index.load()`` and passed to whatever suggests codes. Descriptions shown to users always come from here."""

from __future__ import annotations

import re
import warnings
from functools import cached_property

SOURCE = "ICD-10-CM tabular list (CDC/NCHS) via the simple-icd-10-cm package"
_STOP = frozenset({"the", "and", "with", "unspecified", "without", "due", "for", "not", "elsewhere", "classified"})


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2 and w not in _STOP}


class Icd10Index:
    """Every ICD-10-CM code with its official description; billable (leaf) codes answer word searches."""

    def __init__(self, descriptions: dict[str, str], leaves: frozenset[str]) -> None:
        self._descriptions = descriptions
        self._leaves = leaves

    @classmethod
    def load(cls) -> "Icd10Index":
        """Read the tabular list (about 2 s)."""
        with warnings.catch_warnings():
            # simple-icd-10-cm 1.5 reads its data with importlib.resources.read_text, deprecated in Python 3.11.
            warnings.simplefilter("ignore", DeprecationWarning)
            import simple_icd_10_cm as icd  # heavy: parses a 10 MB XML file when first imported

        codes = [c for c in icd.get_all_codes(with_dots=True) if icd.is_category_or_subcategory(c)]
        return cls({c: icd.get_description(c) for c in codes}, frozenset(c for c in codes if icd.is_leaf(c)))

    @staticmethod
    def normalise(code: str) -> str:
        """"h6690" -> "H66.90" (a dot after the third character)."""
        code = code.strip().upper().replace(" ", "")
        return code if "." in code or len(code) <= 3 else f"{code[:3]}.{code[3:]}"

    def describe(self, code: str) -> str | None:
        """The official description of a code, or None when it is not an ICD-10-CM category or code."""
        return self._descriptions.get(self.normalise(code))

    def billable(self, code: str) -> bool:
        return self.normalise(code) in self._leaves

    @cached_property
    def _leaf_words(self) -> list[tuple[str, set[str]]]:
        return [(code, _words(self._descriptions[code])) for code in sorted(self._leaves)]

    def search(self, phrase: str, limit: int = 3) -> list[tuple[str, str]]:
        """Billable codes whose description holds every word of ``phrase`` (for "change the assessment to X"),
        the closest description first and unspecified codes before specific ones."""
        wanted = _words(phrase)
        if not wanted:
            return []
        scored = []
        for code, have in self._leaf_words:
            if wanted <= have:
                description = self._descriptions[code]
                scored.append(("unspecified" not in description.lower(), len(have - wanted), code))
        scored.sort()
        return [(code, self._descriptions[code]) for _, _, code in scored[:limit]]
