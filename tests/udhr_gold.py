"""Gold paragraph groups of the UDHR, read from the OHCHR XML in ../shared/corpora/udhr.

Each text paragraph of ``udhr.<lang>.txt`` is one element of the XML (a title, a
preamble paragraph or a list item), in document order; the ``<note>`` is left out.
Parallel paragraphs share a group id: the title, each article's title and
paragraphs by position, and the preamble's closing paragraphs (three in English,
two in Russian, one in Chinese) one group together.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

NS = "{http://www.unhchr.ch/udhr}"
#: Number of "Whereas" paragraphs the three preambles share one for one.
SHARED_PREAMBLE_PARAGRAPHS = 7


def gold_groups(xml_path: Path) -> list[str]:
    """The gold group id of each text paragraph of one language, in order."""
    root = etree.parse(str(xml_path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    groups = ["title"]
    preamble = root.find(f"{NS}preamble")
    groups.append("preamble/title")
    for index, _para in enumerate(preamble.findall(f"{NS}para")):
        groups.append(f"preamble/{min(index, SHARED_PREAMBLE_PARAGRAPHS)}")
    for article in root.findall(f"{NS}article"):
        number = article.get("number")
        groups.append(f"article{number}/title")
        paras = [el for el in article.iter(f"{NS}para")]
        groups.extend(f"article{number}/{index}" for index in range(len(paras)))
    return groups
