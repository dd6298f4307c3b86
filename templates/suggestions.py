"""Customers' suggestions grouped into the problems they name: alike once spaces, width and punctuation are set aside,
then together when they share key terms. Plain counting, nothing learnt or downloaded; the method in words is
METHOD, which the feedback report prints under its table."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field as dc_field
from typing import Sequence

MIN_TERM_CALLBACKS = 2  # a term is a key term when the suggestions of at least this many callbacks hold it
MIN_SHARED_TERMS = 2  # a suggestion joins a group when it shares at least this many key terms with the group's first
STOP_TERMS = frozenset({  # words that ask or soften rather than name a problem
    "希望", "建议", "可以", "能够", "能否", "我们", "你们", "没有", "不要", "非常", "一下", "觉得", "感觉", "还是", "就是",
    "这个", "什么", "有点", "比较", "the", "and", "for", "too", "not", "very", "please", "would", "should", "more", "with"})
_CJK = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9]{3,}")
_SPACES_BESIDE_CJK = re.compile(r"\s+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])\s+")

METHOD = (
    f"先把每条建议规范化：全角转半角、英文转小写、去掉标点和符号、去掉中文之间的空格，规范化后相同的算作同一条。"
    f"再按出现次数从多到少，把每条建议归入第一个与它有至少 {MIN_SHARED_TERMS} 个共同关键词的组（与该组出现最多的那条比较），"
    f"否则自成一组。关键词是中文里相邻的两个字和三个字母以上的英文单词，只取本期与上期至少 {MIN_TERM_CALLBACKS} 次回访的建议"
    f"中出现过的，不含「希望」「建议」等常用词。组名取组内出现最多的原话。",
    f"Each suggestion is first normalised: full-width to half-width, English to lower case, punctuation and symbols "
    f"dropped, spaces between Chinese characters dropped; suggestions alike after that count as one. Then, from the "
    f"most to the least frequent, each joins the first group with which it shares at least {MIN_SHARED_TERMS} key "
    f"terms (compared with the group's most frequent wording), or starts a group of its own. Key terms are pairs of "
    f"adjacent Chinese characters and English words of three letters or more, held by the suggestions of at least "
    f"{MIN_TERM_CALLBACKS} callbacks of this and the previous period, common words such as 希望 (hope) and 建议 "
    f"(suggest) left out. A group is named by its most frequent wording.")


def normalised(text: str) -> str:
    """A suggestion as it is compared: half-width, lower case, punctuation and symbols as spaces, no spaces beside
    Chinese characters, other spaces single."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    plain = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in folded)
    return " ".join(_SPACES_BESIDE_CJK.sub("", plain).split())


def terms(text: str) -> set[str]:
    """The candidate key terms of a normalised suggestion: its pairs of adjacent Chinese characters and its English
    words of three letters or more, common words left out."""
    found = {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}
    found |= set(_LATIN.findall(text))
    return found - STOP_TERMS


@dataclass
class Wording:
    """One suggestion as customers wrote it (its most frequent original text), with its callbacks per period."""

    text: str
    counts: list[int]


@dataclass
class Group:
    """Suggestions naming one problem: its wordings, the most frequent over every period first (the group's name)."""

    wordings: list[Wording] = dc_field(default_factory=list)

    @property
    def text(self) -> str:
        return self.wordings[0].text

    @property
    def counts(self) -> list[int]:
        return [sum(w.counts[i] for w in self.wordings) for i in range(len(self.wordings[0].counts))]


def group_suggestions(periods: Sequence[Counter]) -> list[Group]:
    """The groups of the suggestions counted per period ({original text: callbacks}, one Counter a period, the
    report's own period first), ordered by callbacks in the first period, then in the next, then by wording."""
    alike: dict[str, Counter] = {}  # normalised text -> {original text: callbacks over every period}
    counts: dict[str, list[int]] = {}
    for index, counted in enumerate(periods):
        for original, n in counted.items():
            key = normalised(original)
            if not key or not n:
                continue
            alike.setdefault(key, Counter())[original.strip()] += n
            counts.setdefault(key, [0] * len(periods))[index] += n
    held = {key: terms(key) for key in alike}
    frequency = Counter()
    for key, found in held.items():
        for term in found:
            frequency[term] += sum(counts[key])
    key_terms = {key: {term for term in found if frequency[term] >= MIN_TERM_CALLBACKS} for key, found in held.items()}
    groups: list[tuple[set[str], Group]] = []
    for key in sorted(alike, key=lambda k: (-sum(counts[k]), [-n for n in counts[k]], k)):
        wording = Wording(min(alike[key], key=lambda text: (-alike[key][text], text)), counts[key])
        home = next((g for first, g in groups if len(first & key_terms[key]) >= MIN_SHARED_TERMS), None)
        if home is None:
            groups.append((key_terms[key], Group([wording])))
        else:
            home.wordings.append(wording)
    return sorted((g for _, g in groups), key=lambda g: ([-n for n in g.counts], g.text))


__all__ = ["Group", "METHOD", "Wording", "group_suggestions", "normalised", "terms"]
