"""Turning what people type into canonical values, and canonical values back into text and JSON."""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping, Sequence

from reviewdesk.templates.errors import FieldError
from reviewdesk.templates.schema import Field, Kind

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 of the 1900 date system, Lotus bug included
_MULTI_SPLIT = re.compile(r"\s*[,，;；、/]\s*")
#: Characters XML 1.0 forbids: a workbook or document containing one is broken, so every writer drops them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_CODE = re.compile(r"^([A-Z]+)-?0*(\d+)$")


@functools.lru_cache(maxsize=8192)  # the same labels and typed values come back thousands of times per import
def fold(text: str) -> str:
    """How typed labels are compared: full-width folded to half-width, case and spaces ignored."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def clean_text(text: str) -> str:
    """Text as stored: XML-illegal control characters removed, line ends unified, outer spaces trimmed."""
    return XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


MASK = "*"  # what hides personal data in an export: 王先生 → 王*, 13812345678 → 138****5678
_MASKS = (MASK, "＊")  # the full-width star too: an IME types it


def carries_mask(field: Field, text: str) -> bool:
    """Whether a personal field's text still shows the mask of an export: never a real name or number."""
    return field.personal and any(m in text for m in _MASKS)


def format_code(prefix: str, number: int) -> str:
    return f"{prefix}-{number:04d}"


_CODE_NUMBER = r"-(?:[0-9]{4}|[1-9][0-9]{4,})"
_CANONICAL_CODE = re.compile(r"[A-Z]+" + _CODE_NUMBER)  # what normalize_code returns


def normalize_code(text: str) -> str:
    """ISS-1, iss-0001 and ＩＳＳ－０００１ all mean ISS-0001; anything else is returned folded."""
    if type(text) is str and _CANONICAL_CODE.fullmatch(text):  # almost every code: no Unicode folding needed
        return text
    folded = unicodedata.normalize("NFKC", str(text)).strip().upper()
    m = _CODE.match(folded)
    return format_code(m.group(1), int(m.group(2))) if m else folded


def all_canonical_codes(texts: Sequence[str], prefix: str) -> bool:
    """Whether every text is a code of this prefix exactly as normalize_code returns it (ISS-0001, not iss-1),
    checked in one regular-expression match over all of them: thousands of codes of a returned sheet at once."""
    if not texts or set(map(type, texts)) != {str}:
        return False
    one, joined = re.escape(prefix) + _CODE_NUMBER, "\n".join(texts)
    return joined.count("\n") == len(texts) - 1 and re.fullmatch(f"(?:{one}\n)*{one}", joined) is not None


def _label(field: Field) -> tuple[str, str]:
    return field.zh, field.en


def _error(field: Field, value: Any, zh: str, en: str, suggestions: Iterable[str] = ()) -> FieldError:
    shown = value.strip() if isinstance(value, str) else typed_text(value)
    return FieldError(field.key, f"「{field.zh}」{zh}，收到「{shown}」", f"{field.en}: {en}, got '{shown}'",
                      value, tuple(suggestions))


def typed_text(value: Any) -> Any:
    """A cell as the person typed it: Excel hands back 11 as 11.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number_text(value: str) -> str:
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
    return text[:-1] if text.endswith("%") else text


def parse_integer(field: Field, value: Any) -> int:
    if isinstance(value, bool):
        raise _error(field, value, "应为整数", "expected a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, (float, Decimal)) and value == int(value):
        number = int(value)
    elif isinstance(value, str):
        try:
            number = Decimal(_number_text(value))
        except InvalidOperation:
            raise _error(field, value, "应为整数", "expected a whole number") from None
        if number != number.to_integral_value():
            raise _error(field, value, "应为整数，不能有小数", "expected a whole number without decimals")
        number = int(number)
    else:
        raise _error(field, value, "应为整数", "expected a whole number")
    _check_bounds(field, number, value)
    return number


def parse_decimal(field: Field, value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _error(field, value, "应为数字", "expected a number")
    try:
        if isinstance(value, float):
            number = Decimal(repr(value))  # 0.1 stays 0.1, not its binary expansion
        elif isinstance(value, (int, Decimal)):
            number = Decimal(value)
        elif isinstance(value, str):
            number = Decimal(_number_text(value))
        else:
            raise InvalidOperation
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise _error(field, value, "应为数字", "expected a number") from None
    _check_bounds(field, number, value)
    return normalize_decimal(number)


def normalize_decimal(number: Decimal) -> Decimal:
    """3.50 → 3.5 and 1E+1 → 10: one spelling per value, so round trips compare equal."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


INTEGER_LIMIT = 2**31 - 1  # an INTEGER column on PostgreSQL (SQLite holds more): 2,147,483,647
DECIMAL_LIMIT = Decimal(10) ** 14  # a DECIMAL(20, 6) column: 14 digits before the point


def _check_bounds(field: Field, number: Any, raw: Any) -> None:
    limit = INTEGER_LIMIT if isinstance(number, int) else DECIMAL_LIMIT
    if abs(number) > limit:
        raise _error(field, raw, f"数值过大（绝对值不能超过 {limit:,}）", f"too large (at most {limit:,} either way)")
    low, high = field.minimum, field.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            zh, en = f"应在 {low:g} 到 {high:g} 之间", f"expected a value from {low:g} to {high:g}"
        elif low is not None:
            zh, en = f"不能小于 {low:g}", f"expected {low:g} or more"
        else:
            zh, en = f"不能大于 {high:g}", f"expected {high:g} or less"
        raise _error(field, raw, zh, en)


def excel_serial_to_date(serial: float, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    return epoch + dt.timedelta(days=int(serial))


def parse_date(field: Field, value: Any) -> dt.date:
    expected = ("应为日期，如 2026-11-30", "expected a date such as 2026-11-30")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial range, 1900-01-01 .. 9999-12-31
            return excel_serial_to_date(float(value))
        raise _error(field, value, *expected)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        m = _DATE_TEXT.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                raise _error(field, value, "不是有效日期", "is not a real date") from None
    raise _error(field, value, *expected)


def closest(typed: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The valid values nearest to what was typed, for 'did you mean' suggestions."""
    pool = {fold(c): c for c in candidates}
    return [pool[k] for k in difflib.get_close_matches(fold(typed), list(pool), n=n, cutoff=0.4)]


def parse_choice(field: Field, value: Any, lang: str = "zh") -> str:
    if field.multiple:
        parts = [p for p in _MULTI_SPLIT.split(str(value).strip()) if p]
        keys = []
        for part in parts:
            key = _one_choice(field, part, lang)
            if key not in keys:
                keys.append(key)
        return ",".join(k for c in field.choices for k in keys if k == c.key)  # declaration order
    return _one_choice(field, value, lang)


@functools.lru_cache(maxsize=256)
def _choice_index(field: Field) -> dict[str, str]:
    """Folded key and labels -> choice key, built once per field."""
    index: dict[str, str] = {}
    for c in field.choices:
        for name in (c.key, c.zh, c.en):
            index.setdefault(fold(name), c.key)
    return index


def _one_choice(field: Field, value: Any, lang: str) -> str:
    key = _choice_index(field).get(fold(str(value)))
    if key is not None:
        return key
    labels = [c.label(lang) for c in field.choices]
    suggestions = closest(str(value), labels + [c.key for c in field.choices])
    shown = "、".join(c.zh for c in field.choices), ", ".join(c.en for c in field.choices)
    raise _error(field, value, f"应为以下之一：{shown[0]}", f"expected one of: {shown[1]}",
                 [s for s in suggestions if s in labels] or suggestions)


def parse_reference(field: Field, value: Any, prefix: str) -> str:
    code = normalize_code(str(value))
    if not code.startswith(prefix + "-") or not _CODE.match(code):
        raise _error(field, value, f"应为编号，如 {prefix}-0001", f"expected a number such as {prefix}-0001")
    return code


def parse_agenda(field: Field, value: Any) -> list[dict[str, str | None]]:
    items = json.loads(value) if isinstance(value, str) and value.strip().startswith("[") else value
    if isinstance(items, str):
        items = [line for line in items.splitlines() if line.strip()]
    if not isinstance(items, list):
        raise _error(field, value, "应为议程项列表", "expected a list of agenda items")
    result = []
    for item in items:
        if isinstance(item, str):
            item = {"item": item, "decision": None}
        if not isinstance(item, dict) or is_blank(item.get("item")):
            raise _error(field, value, "每个议程项都需要内容", "every agenda item needs a text")
        decision = item.get("decision")
        result.append({"item": clean_text(str(item["item"])),
                       "decision": None if is_blank(decision) else clean_text(str(decision))})
    return result


def parse_scope(field: Field, value: Any, known: Iterable[str]) -> dict[str, list[str]]:
    scope = json.loads(value) if isinstance(value, str) else value
    known = set(known)
    if not isinstance(scope, dict) or not all(k in known and isinstance(v, list) for k, v in scope.items()):
        raise _error(field, value, "应为各类材料的筛选条件", "expected filters per artefact")
    return {k: [str(w) for w in v] for k, v in scope.items()}


def parse_plain(field: Field, value: Any, lang: str = "zh") -> Any:
    """A typed value of a field that needs no database to check; None for blank.

    Departments, people and references come back as cleaned text: the store resolves them.
    """
    if is_blank(value):
        return None
    kind = field.kind
    if kind in (Kind.TEXT, Kind.LONG_TEXT):
        if isinstance(value, float) and value == int(value):
            value = int(value)  # a ticket number typed as 2023001 comes back from Excel as 2023001.0
        text = clean_text(str(value))
        if kind is Kind.TEXT:
            text = re.sub(r"\s*\n\s*", " ", text)
        if carries_mask(field, text):
            raise _error(field, text, "是导出时隐藏后的个人信息（含 *），请填写完整的真实信息",
                         "is personal data as a masked export shows it (it holds *); type the full value")
        if field.max_length and len(text) > field.max_length:
            raise _error(field, text[:20] + "…", f"最多 {field.max_length} 个字符（现有 {len(text)} 个）",
                         f"at most {field.max_length} characters (has {len(text)})")
        return text or None
    if kind is Kind.INTEGER:
        return parse_integer(field, value)
    if kind is Kind.DECIMAL:
        return parse_decimal(field, value)
    if kind is Kind.DATE:
        return parse_date(field, value)
    if kind is Kind.CHOICE:
        return parse_choice(field, value, lang)
    if kind in (Kind.DEPARTMENT, Kind.PERSON):
        if field.multiple and isinstance(value, (list, tuple)):
            return [clean_text(str(v)) for v in value if not is_blank(v)] or None
        text = clean_text(str(value))
        return [p for p in _MULTI_SPLIT.split(text) if p] if field.multiple else text
    if kind is Kind.AGENDA:
        return parse_agenda(field, value) or None
    raise TypeError(f"{field.key}: {kind} is parsed by the store")


# --- the other direction ---

def display(field: Field, value: Any, lang: str = "zh") -> str:
    """A canonical value as a person reads it in a table, a CLI listing or a document."""
    if value is None or value == "" or value == []:
        return ""
    kind = field.kind
    if kind is Kind.CHOICE:
        labels = [field.choice(k).label(lang) if field.choice(k) else k for k in str(value).split(",")]
        return ("、" if lang == "zh" else ", ").join(labels)
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.DECIMAL:
        return format(normalize_decimal(Decimal(value)), "f")
    if kind is Kind.DEPARTMENT and field.multiple:
        return ("、" if lang == "zh" else ", ").join(value)
    if kind is Kind.AGENDA:
        return "\n".join(f"{i}. {a['item']}" + (f" → {a['decision']}" if a.get("decision") else "")
                         for i, a in enumerate(value, 1))
    if kind is Kind.SCOPE:
        return "; ".join(f"{k}: {' & '.join(v) if v else '*'}" for k, v in value.items())
    return str(value)


def to_json(field: Field, value: Any) -> Any:
    """A canonical value in the CLI's JSON: keys, ISO dates, codes, numbers as numbers."""
    if value is None:
        return None
    if field.kind is Kind.DATE:
        return value.isoformat()
    if field.kind is Kind.DECIMAL:
        number = normalize_decimal(Decimal(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if field.kind is Kind.CHOICE and field.multiple:
        return str(value).split(",")
    return value


def record_to_json(fields: Iterable[Field], record: Mapping[str, Any]) -> dict[str, Any]:
    return {f.key: to_json(f, record.get(f.key)) for f in fields}
