"""What each column means and how to fill it, in both languages: input messages and the instruction sheet."""
from __future__ import annotations

from reviewdesk.templates import Artefact, Field, Kind, artefact, role_labels, t, values

from reviewdesk.exporters.xlsx.lists import Lists

EXAMPLE_LIMIT = 255  # Excel refuses an input message longer than this
TITLE_LIMIT = 32  # ... and an input title longer than this



def _number(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def format_text(field: Field | None, lang: str, art: Artefact | None = None) -> str:
    """The format a value must have, e.g. 日期,如 2026-11-30."""
    if field is None:
        prefix = art.prefix if art else "ISS"
        return t(lang, f"编号，如 {prefix}-0001；新记录留空，导入时自动编号",
                 f"A code such as {prefix}-0001; leave it empty for a new record, it is numbered on import")
    kind = field.kind
    if kind is Kind.DATE:
        return t(lang, "日期，如 2026-11-30", "A date such as 2026-11-30")
    if kind is Kind.INTEGER:
        return t(lang, "整数", "A whole number")
    if kind is Kind.DECIMAL:
        return t(lang, "数字，可带小数", "A number, decimals allowed")
    if kind is Kind.CHOICE:
        return t(lang, "从下拉列表选择" + ("，可多项" if field.multiple else ""),
                 "Pick from the list" + (" (several allowed)" if field.multiple else ""))
    if kind is Kind.DEPARTMENT:
        return t(lang, "部门名称，从下拉列表选择", "A department name from the list")
    if kind is Kind.PERSON and field.roles:
        roles = role_labels(field, lang)
        return t(lang, f"{roles}的姓名，从下拉列表选择", f"The name of a {roles}, from the list")
    if kind is Kind.PERSON:
        return t(lang, "人员姓名，从下拉列表选择", "A person's name from the list")
    if kind is Kind.REFERENCE:
        prefix = artefact(field.reference).prefix
        return t(lang, f"编号，如 {prefix}-0001", f"A code such as {prefix}-0001")
    if kind is Kind.LONG_TEXT:
        return t(lang, "文本，可多行（Alt+Enter 换行）", "Text, several lines allowed (Alt+Enter for a new line)")
    if field.max_length:
        return t(lang, f"文本，最多 {field.max_length} 字", f"Text, at most {field.max_length} characters")
    return t(lang, "文本", "Text")


def allowed_text(field: Field | None, lang: str, lists: Lists | None = None, limit: int = 12) -> str:
    """The values a column accepts: its choices, a range, or where the list comes from."""
    if field is None or field.is_computed:
        return ""
    sep = "、" if lang == "zh" else ", "
    if field.kind is Kind.CHOICE:
        return sep.join(c.label(lang) for c in field.choices)
    if field.kind in (Kind.DEPARTMENT, Kind.PERSON):
        names = list(lists.values_for(field)) if lists else []
        shown = sep.join(names[:limit]) + (t(lang, " 等", " …") if len(names) > limit else "")
        return shown or t(lang, "（数据库中尚无记录）", "(none in the database yet)")
    if field.kind in (Kind.INTEGER, Kind.DECIMAL):
        low, high = field.minimum, field.maximum
        if low is not None and high is not None:
            return t(lang, f"{_number(low)} 到 {_number(high)}", f"{_number(low)} to {_number(high)}")
        if low is not None:
            return t(lang, f"不小于 {_number(low)}", f"{_number(low)} or more")
        if high is not None:
            return t(lang, f"不大于 {_number(high)}", f"{_number(high)} or less")
    return ""


def meaning_text(field: Field | None, lang: str, art: Artefact) -> str:
    if field is None:
        return t(lang, f"{art.zh}的唯一编号，由 ReviewDesk 分配", f"The unique number of the {art.en.lower()}, given by ReviewDesk")
    return field.hint(lang) or field.label(lang)


def required_text(field: Field | None, lang: str) -> str:
    if field is None or field.is_computed:
        return t(lang, "自动生成，不填", "Filled in automatically")
    return t(lang, "必填", "Required") if field.required else t(lang, "选填", "Optional")


def example_value(field: Field | None, lang: str, art: Artefact, lists: Lists | None = None) -> str:
    """An example as a person would type it (choices by label in the sheet's language)."""
    if field is None:
        return f"{art.prefix}-0001"
    example = field.example
    if field.is_computed:
        return ""
    if example is None:
        if field.kind in (Kind.DEPARTMENT, Kind.PERSON) and lists and lists.values_for(field):
            return lists.values_for(field)[0]
        return ""
    if field.kind is Kind.CHOICE:
        return values.display(field, example, lang)
    if field.kind is Kind.DEPARTMENT and lists is not None:
        return lists.department_name(str(example))
    if field.kind is Kind.DATE:
        return example.isoformat()
    return str(example)


def input_message(field: Field | None, lang: str, art: Artefact, *, locked: bool, masked: bool = False) -> str:
    """The input message shown when a header or cell is selected: what to type, or why it is locked."""
    if field is None:
        text = t(lang, "编号由 ReviewDesk 分配，不能修改。新记录请留空。",
                 "Given by ReviewDesk; do not change it. Leave it empty for a new record.")
    elif field.is_computed:
        text = t(lang, "自动计算，不能修改。", "Computed; it cannot be changed.") + " " + field.hint(lang)
    elif masked:
        text = t(lang, "个人信息已隐藏，此列不能修改。", "Personal data is hidden; this column cannot be changed.")
    else:
        parts = [field.hint(lang), required_text(field, lang), format_text(field, lang)]
        allowed = allowed_text(field, lang, None)
        if allowed and field.kind is not Kind.CHOICE:
            parts.append(allowed)
        text = t(lang, "。", ". ").join(p.rstrip("。. ") for p in parts if p) + t(lang, "。", ".")
        if locked:
            text = t(lang, "本工作簿中此列不能修改。", "This column cannot be changed in this workbook. ") + text
    return text.strip()[:EXAMPLE_LIMIT]


def input_title(header: str) -> str:
    return header[:TITLE_LIMIT]
