"""Chinese sentence segmentation: punctuation only, closers attached, configurable ；."""

from __future__ import annotations

import pytest

from alignkit.segment import ZhSegmenter, get_segmenter

# S/2017/613: one ； joining two long clauses renders two English sentences ...
RECOMMEND_1 = "双方建议，朝鲜自愿作出政治决定，宣布暂停核爆试验和弹道导弹试射，美国和韩国也相应暂停大规模联合军事演习；"
RECOMMEND_2 = (
    "与此同时，对立双方开启谈判，确立相互关系的总体原则，包括不使用武力、互不侵犯、和平共处以及致力于实现"
    "朝鲜半岛无核化目标，以期一揽子解决包括核问题在内的所有问题。"
)
# ... while a ； joining two short clauses renders one.
DUAL = "“双暂停”即朝鲜暂停核导活动、美国和韩国暂停大规模军事演习；“双轨并行”旨在推动实现半岛无核化与建立半岛和平机制并行推进。"
# A list of ；-clauses is an enumeration.
LIST = (
    "各方应当履行以下义务，包括全面执行安全理事会有关决议并定期向委员会提交详细的执行情况报告；"
    "加强出口管制，防止敏感物项和技术流向任何可能从事扩散活动的非国家行为者以及相关实体；"
    "开展务实合作，通过对话协商妥善解决各方关切，共同维护地区和平与稳定以及国际防扩散体系的权威。"
)
UDHR_4 = "任何人不得使为奴隶或奴役;一切形式的奴隶制度和奴隶买卖,均应予以禁止。"

CASES = [
    ("谨随函转递联合声明（见附件）。请将本信分发为荷。", ["谨随函转递联合声明（见附件）。", "请将本信分发为荷。"]),
    ("第一句。 第二句。", ["第一句。", "第二句。"]),
    # ！？ runs, half-width ? and !, ……
    ("真的吗？！是的。", ["真的吗？！", "是的。"]),
    ("是吗?是的!好", ["是吗?", "是的!", "好"]),
    ("等等……然后呢？", ["等等……", "然后呢？"]),
    ("等等…然后呢", ["等等…然后呢"]),
    # Closing quotes and brackets stay with the sentence; an opening quote goes with the next.
    ("他说：“我们同意。”然后离开。", ["他说：“我们同意。”", "然后离开。"]),
    ("他说：「我们同意。」然后离开。", ["他说：「我们同意。」", "然后离开。"]),
    ("他说：『好！』", ["他说：『好！』"]),
    ("（见附件。）请分发。", ["（见附件。）", "请分发。"]),
    ("见《联合国宪章》。联合国成立。", ["见《联合国宪章》。", "联合国成立。"]),
    ("他说：“好！”。然后", ["他说：“好！”。", "然后"]),
    ("提出了倡议。“双暂停”即暂停。", ["提出了倡议。", "“双暂停”即暂停。"]),
    ("“双暂停。双轨并行。”", ["“双暂停。", "双轨并行。”"]),
    # A colon never splits.
    ("两国外交部就朝鲜半岛问题声明如下：双方同意。", ["两国外交部就朝鲜半岛问题声明如下：双方同意。"]),
    # Half-width periods: never between digits; a sentence end after Chinese text.
    ("增长3.5%。下降", ["增长3.5%。", "下降"]),
    ("版本1.2.3已发布。", ["版本1.2.3已发布。"]),
    ("联合国成立于1945年.它的总部在纽约.", ["联合国成立于1945年.", "它的总部在纽约."]),
    ("见S/2017/613.", ["见S/2017/613."]),
    # Semicolons (default: one ； joining two clauses of at least 40 characters).
    (RECOMMEND_1 + RECOMMEND_2, [RECOMMEND_1, RECOMMEND_2]),
    (DUAL, [DUAL]),
    (LIST, [LIST]),
    (UDHR_4, [UDHR_4]),
    ("双方同意如下；", ["双方同意如下；"]),
    # Headings, signatures, dates.
    ("中华人民共和国外交部", ["中华人民共和国外交部"]),
    ("(签名) 刘结一", ["(签名) 刘结一"]),
    ("2017年7月17日中国和俄罗斯联邦常驻联合国代表给秘书长的信", ["2017年7月17日中国和俄罗斯联邦常驻联合国代表给秘书长的信"]),
    ("王毅（签字）", ["王毅（签字）"]),
    ("", []),
    ("  ", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_zh(text: str, expected: list[str]) -> None:
    assert get_segmenter("zh").split(text) == expected


SEMICOLON_OPTIONS = [
    (False, RECOMMEND_1 + RECOMMEND_2, [RECOMMEND_1 + RECOMMEND_2]),
    (0, RECOMMEND_1 + RECOMMEND_2, [RECOMMEND_1 + RECOMMEND_2]),
    (True, DUAL, ["“双暂停”即朝鲜暂停核导活动、美国和韩国暂停大规模军事演习；", "“双轨并行”旨在推动实现半岛无核化与建立半岛和平机制并行推进。"]),
    (True, UDHR_4, ["任何人不得使为奴隶或奴役;", "一切形式的奴隶制度和奴隶买卖,均应予以禁止。"]),
    (True, "甲；乙；丙。", ["甲；", "乙；", "丙。"]),
    (True, "双方同意如下；", ["双方同意如下；"]),
    (True, "a&amp;b", ["a&amp;b"]),
    (10, DUAL, ["“双暂停”即朝鲜暂停核导活动、美国和韩国暂停大规模军事演习；", "“双轨并行”旨在推动实现半岛无核化与建立半岛和平机制并行推进。"]),
    (100, RECOMMEND_1 + RECOMMEND_2, [RECOMMEND_1 + RECOMMEND_2]),
    # The clause after ； must end the sentence with an ender.
    (5, "第一个分句比较长；第二个分句也比较长", ["第一个分句比较长；第二个分句也比较长"]),
    (5, "第一个分句比较长；第二个分句也比较长。", ["第一个分句比较长；", "第二个分句也比较长。"]),
]


@pytest.mark.parametrize(("option", "text", "expected"), SEMICOLON_OPTIONS)
def test_semicolon_option(option: bool | int, text: str, expected: list[str]) -> None:
    assert ZhSegmenter(split_semicolon=option).split(text) == expected


def test_negative_semicolon_length_is_rejected() -> None:
    with pytest.raises(ValueError):
        ZhSegmenter(split_semicolon=-1)


@pytest.mark.parametrize(
    ("option", "name"),
    [(40, "zh-punct+semicolon:40"), (False, "zh-punct+semicolon:no"), (True, "zh-punct+semicolon:all")],
)
def test_name_records_the_semicolon_setting(option: bool | int, name: str) -> None:
    assert ZhSegmenter(split_semicolon=option).name == name
