"""English sentence segmentation (Moses rules + sacremoses prefixes + alignkit supplement)."""

from __future__ import annotations

import pytest

from alignkit.segment import get_segmenter

UN_RECOMMEND = (
    "The Parties recommend that the Democratic People’s Republic of Korea take a voluntary political "
    "decision to declare a moratorium on nuclear explosive tests and ballistic missile launch tests and that "
    "the United States of America and the Republic of Korea likewise suspend their large-scale joint "
    "military exercises."
)
UN_PARALLEL = (
    "In parallel with this, the opposing parties should embark on negotiations and determine the overall "
    "principles underlying their mutual relations, including the non-use of force, non-aggression, peaceful "
    "coexistence and a willingness to pursue the goal of denuclearization of the Korean Peninsula."
)
UN_INITIATIVE = (
    "The Parties have put forward a joint initiative, based on the “suspension for suspension initiative”."
)

CASES = [
    # Plain sentences and UN-document sentences.
    ("The meeting opened. The Council adopted the agenda.", ["The meeting opened.", "The Council adopted the agenda."]),
    (f"{UN_RECOMMEND} {UN_PARALLEL}", [UN_RECOMMEND, UN_PARALLEL]),
    (f"{UN_INITIATIVE} The Parties agree.", [UN_INITIATIVE, "The Parties agree."]),
    ("It was signed in Moscow on 4 July 2017. The statement is annexed.",
     ["It was signed in Moscow on 4 July 2017.", "The statement is annexed."]),
    ("See resolution 2270 (2016). The Council agreed.", ["See resolution 2270 (2016).", "The Council agreed."]),
    # Abbreviations.
    ("Some States, e.g. China and the Russian Federation, agreed. Others did not.",
     ["Some States, e.g. China and the Russian Federation, agreed.", "Others did not."]),
    ("The Parties, i.e. the two ministries, agree.", ["The Parties, i.e. the two ministries, agree."]),
    ("This follows from Art. 5 of the Convention. It applies.",
     ["This follows from Art. 5 of the Convention.", "It applies."]),
    ("This is item No. 5 on the list. It is new.", ["This is item No. 5 on the list.", "It is new."]),
    ("He answered No. The meeting ended.", ["He answered No.", "The meeting ended."]),
    ("See p. 3 of the report. The annex follows.", ["See p. 3 of the report.", "The annex follows."]),
    ("See pp. 3-5 and para. 12 of the report.", ["See pp. 3-5 and para. 12 of the report."]),
    ("As noted in paras. 12 and 13, it grew.", ["As noted in paras. 12 and 13, it grew."]),
    ("United Nations publication, Sales No. E.17.II.A.1. The report follows.",
     ["United Nations publication, Sales No. E.17.II.A.1.", "The report follows."]),
    ("Mr. Liu Jieyi spoke. Dr. Smith replied.", ["Mr. Liu Jieyi spoke.", "Dr. Smith replied."]),
    ("Chargé d’affaires a.i. of the Russian Federation", ["Chargé d’affaires a.i. of the Russian Federation"]),
    ("Chargé d’affaires a.i. Permanent Mission", ["Chargé d’affaires a.i. Permanent Mission"]),
    ("Food, fuel, etc. The list is long.", ["Food, fuel, etc.", "The list is long."]),
    ("Food, fuel, etc. are scarce.", ["Food, fuel, etc. are scarce."]),
    ("cf. Table 2 below.", ["cf. Table 2 below."]),
    # Initials and acronyms.
    ("J. S. Bach was born in 1685. He died in 1750.", ["J. S. Bach was born in 1685.", "He died in 1750."]),
    ("The U.S. Government agreed. The U.S. and China met.",
     ["The U.S. Government agreed.", "The U.S. and China met."]),
    # Moses keeps an acronym's period: a sentence ending in "U.S." is not split.
    ("It was held in the U.S. The talks ended.", ["It was held in the U.S. The talks ended."]),
    # Numbers.
    ("The total was 1.5 million. It grew.", ["The total was 1.5 million.", "It grew."]),
    ("It rose by 3.5 per cent. 25 States agreed.", ["It rose by 3.5 per cent.", "25 States agreed."]),
    ("1. The Parties express grave concern. They find it unacceptable.",
     ["1. The Parties express grave concern.", "They find it unacceptable."]),
    ("IV. Conclusions", ["IV. Conclusions"]),
    ("It ended in 2017. 2018 was better.", ["It ended in 2017.", "2018 was better."]),
    # Quotes and brackets stay with their sentence.
    ("He said: “We agree.” The meeting ended.", ["He said: “We agree.”", "The meeting ended."]),
    ("“We agree,” he said. “Good.”", ["“We agree,” he said.", "“Good.”"]),
    ("It ended. “The Parties” agree.", ["It ended.", "“The Parties” agree."]),
    ("It ended. (The Council agreed.) Then it closed.", ["It ended.", "(The Council agreed.)", "Then it closed."]),
    ("He said \"yes.\" Then he left.", ["He said \"yes.\"", "Then he left."]),
    ("It is good. ” The Parties agree.", ["It is good. ”", "The Parties agree."]),
    # Question and exclamation marks, ellipsis.
    ("Why? Because it matters! Indeed.", ["Why?", "Because it matters!", "Indeed."]),
    ("Is it? yes, it is.", ["Is it? yes, it is."]),
    ("And so... The end.", ["And so...", "The end."]),
    ("And so… The end.", ["And so…", "The end."]),
    ("and so… the end", ["and so… the end"]),
    ("The text […] Continues here.", ["The text […] Continues here."]),
    # Lowercase after a period never starts a sentence.
    ("The vote was 5 to 3. the motion failed.", ["The vote was 5 to 3. the motion failed."]),
    # Headings and signature lines.
    ("(Signed) Liu Jieyi", ["(Signed) Liu Jieyi"]),
    ("Annex", ["Annex"]),
    ("Letter dated 17 July 2017 from the representatives of China and the Russian Federation",
     ["Letter dated 17 July 2017 from the representatives of China and the Russian Federation"]),
    ("[Original: Chinese and Russian]", ["[Original: Chinese and Russian]"]),
    # Spacing: any spaces split; a no-break space never does.
    ("It ended.  \n The next one began.", ["It ended.", "The next one began."]),
    ("It ended.\u00a0The next one began.", ["It ended.\u00a0The next one began."]),
    ("  Leading and trailing.  ", ["Leading and trailing."]),
    ("", []),
    ("   ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_en(text: str, expected: list[str]) -> None:
    assert get_segmenter("en").split(text) == expected
