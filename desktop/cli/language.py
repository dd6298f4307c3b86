"""argparse in the user's language: --lang read before the parser is built, and argparse's own messages in Chinese."""
from __future__ import annotations

import argparse
import contextlib
from typing import Iterator, Sequence

LANGS = ("zh", "en")

# argparse's own messages, keyed by their msgids in Python 3.10-3.13; a msgid missing here stays English.
ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助信息并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",  # 3.10 does not ask for it
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "参数 %s 必须给出其中一个",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",  # ngettext: Chinese has one form for every count
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "不接受值 %r",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
}


def chosen_lang(argv: Sequence[str]) -> str | None:
    """The language given by --lang, --lang=… or an abbreviation argparse accepts (the last valid one); else None."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if len(name) > 2 and "--lang".startswith(name):
            value = value if eq else argv[i + 1] if i + 1 < len(argv) else ""
            lang = value if value in LANGS else lang
    return lang


def translate(msgid: str) -> str:
    return ZH.get(msgid, msgid)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return ZH.get(singular, singular if n == 1 else plural)


@contextlib.contextmanager
def speaking(lang: str) -> Iterator[None]:
    """argparse's own messages in `lang` while the block builds a parser, parses or reports misuse.

    argparse looks every message up through its module's `_` and `ngettext` when it needs it; swapping them
    for the block only (not for the process) keeps English for any other user of argparse in the process
    (tests, a script embedding the CLI) and lets one process run `--lang zh` and `--lang en` one after the other.
    """
    saved = argparse._, argparse.ngettext
    if lang == "zh":
        argparse._, argparse.ngettext = translate, translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
