"""Overdose said as an amount or an accident: "took 20 of her tablets", "swallowed a whole packet of paracetamol",
"ate some of grandma's heart pills", "took 6 diazepam by accident". A plain "took my tablets" is not an overdose."""

from __future__ import annotations

import re

_I = re.IGNORECASE
PILL_COUNT = 10  # a stated number of tablets at or above this is an overdose (crisis rules use the same count)
_TAKE = r"(?:took|taken|taking|swallowed|swallow|ate|eaten|eat|had|downed|drank|drunk|necked|got\s+into|chewed)"
_PILLS = (r"(?:pills?|tablets?|tabs|capsules?|caps|meds|medicines?|medications?|paracetamol|acetaminophen|tylenol|ibuprofen|"
          r"aspirin|diazepam|insulin|co-?codamol|codeine|tramadol|sertraline|citalopram|amitriptyline|iron\s+tablets|"
          r"sleeping\s+pills|antidepressants|painkillers|heart\s+pills|blood\s+pressure\s+pills|dishwasher\s+(?:tablets?|pods?)|"
          r"(?:washing|laundry)\s+pods?|bleach|pesticide|antifreeze|rat\s+poison|weed\s*killer)")
_COUNT = re.compile(rf"\b{_TAKE}\s+(?:about\s+|around\s+|~\s*|like\s+|over\s+|maybe\s+|at\s+least\s+)?(\d{{1,3}})\s*(?:x\s*)?"
                    rf"(?:\w+\s+){{0,3}}?{_PILLS}", _I)
_AMOUNT = re.compile(rf"\b{_TAKE}\s+(?:a\s+load|loads|lots|a\s+lot|a\s+handful|handfuls|a\s+(?:whole\s+)?(?:packet|box|bottle|strip|"
                     rf"pack|tub)|the\s+whole\s+(?:packet|box|bottle|strip|pack|tub)|all\s+(?:of\s+)?(?:my|his|her|their|the)|too\s+many|"
                     rf"too\s+much|double|a\s+bunch)\b(?:\s+\w+){{0,5}}?\s+{_PILLS}", _I)
_ACCIDENT = re.compile(rf"\b(?:{_TAKE}|drank|swallowed)\b[^.;!?]{{0,50}}?{_PILLS}[^.;!?]{{0,40}}?\b(?:by\s+(?:accident|mistake)|"
                       rf"accidentally|instead\s+of)\b|\b(?:accidentally|by\s+mistake)\s+(?:took|swallowed|ate|drank|had)\b", _I)
_SOMEONE_ELSES = re.compile(rf"\b(?:ate|eat|eaten|swallowed|got\s+into|chewed|took|drank)\b[^.;!?]{{0,30}}?\b(?:grand\w*|nan|nana|"
                            rf"gran|mum|mom|dad|mother|father|sister|brother|someone|somebody)['s]*\s+(?:\w+\s+)?{_PILLS}", _I)
_DRUG_SUSPECTED = re.compile(r"\b(?:took|taken|has\s+taken)\s+something\b|\bspiked\b|\btook\s+(?:drugs|pills)\b", _I)


def overdose_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _COUNT.finditer(text):
        if int(match.group(1)) >= PILL_COUNT or re.search(r"\b(?:accident|mistake|instead|grand\w*)\b", text[match.end():match.end() + 40], _I):
            spans.append((match.start(), match.end()))
    for pattern in (_AMOUNT, _ACCIDENT, _SOMEONE_ELSES, _DRUG_SUSPECTED):
        spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    return spans
