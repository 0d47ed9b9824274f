"""Plan files: the YAML format (a contract), its validation with positions, its JSON Schema.

Every problem of a file is collected, each at the line and column of its node, so a user fixes a
file in one pass. The format is described once, in FORMAT; the validator and `meso plans schema`
both read it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from meso_cli import yamlio
from meso_cli.errors import PlanFileError, Problem
from meso_cli.i18n import _
from meso_cli.money import MAX_AMOUNT
from meso_cli.plan import Plan
from meso_cli.responsible import responsible_rules
from meso_cli.safe_text import clip, printable, quoted, shown_path


@dataclass(frozen=True)
class Field:
    kind: str  # text | choice | month_day | percent | amount | count | bool | section
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    default: object = None
    fields: dict | None = None  # for sections


FORMAT: dict[str, Field] = {
    "name": Field("text", "Name shown to the user", required=True),
    "insurer": Field("text", "Insurer"),
    "source": Field("text", "Where the figures come from, shown to the user"),
    "year": Field(
        "choice",
        "What a plan year is: the calendar year or the contract year",
        choices=("calendar", "contract", "membership"),
        default="calendar",
    ),
    "contract_start": Field("month_day", "MM-DD: first day of the plan year when year is contract"),
    "consultation": Field(
        "section",
        "Consultation guarantee (N % BR); absent: 100 % BR",
        fields={
            "optam": Field(
                "percent", "% BR for secteur 1 and secteur 2 OPTAM doctors", default=100
            ),
            "non_optam": Field(
                "percent", "% BR for secteur 2 doctors outside OPTAM (default: optam)"
            ),
            "basis": Field(
                "choice",
                "total: Sécu share included; on_top: paid on top of the Sécu share",
                choices=("total", "on_top"),
                default="total",
            ),
        },
    ),
    "forfait": Field(
        "section",
        "Forfait médecines douces: any subset of the three limits",
        fields={
            "practices": Field(
                "text_list",
                "Practices the forfait covers; when given, mesotherapy must be listed to be paid",
            ),
            "per_session": Field(
                "amount_or_pmss", 'Ceiling per session: € or "N % PMSS" (of the session day)'
            ),
            "sessions_per_year": Field("count", "Sessions paid per plan year"),
            "per_year": Field(
                "amount_or_pmss", 'Envelope per plan year: € or "N % PMSS" (of the session day)'
            ),
            "percent_of_price": Field(
                "share", "Pays at most this % of the session price, before the other limits"
            ),
            "waiting_months": Field(
                "months", "Waiting period (délai de carence) in months from the membership date"
            ),
            "aesthetic": Field("bool", "Also pays for aesthetic sessions", default=False),
            "only_unreimbursed": Field(
                "bool", "Pays only for sessions the Sécu does not reimburse", default=False
            ),
        },
    ),
    "responsible": Field("bool", "Contrat responsable", default=True),
    "draft": Field(
        "bool",
        "A template not filled in yet: meso refuses to use it until this line is removed",
        default=False,
    ),
    "seniority": Field(
        "seniority",
        "From the Nth membership year (from_year), these consultation/forfait keys replace the"
        " same keys",
    ),
    "levels": Field(
        "levels", "One product, several levels (ID:LEVEL): each level's keys replace the same keys"
    ),
}
# What a level or a seniority step may change.
OVERLAY = {key: FORMAT[key] for key in ("consultation", "forfait")}
LIMITS = ("per_session", "sessions_per_year", "per_year", "percent_of_price")
MAX_WAITING_MONTHS = 120

MAX_PERCENT = Decimal(1000)
MAX_SESSIONS_PER_YEAR = 366


class DraftError(PlanFileError):
    """A plan file still marked `draft: true` (a fresh template): never used for figures."""


class _Collector:
    def __init__(self, path: str):
        self.path = shown_path(path)
        self.problems: list[Problem] = []

    def add(self, node: yamlio.Node, message: str, warning: bool = False) -> None:
        self.problems.append(Problem(self.path, node.line, node.column, message, warning))


def load_plan_file(path: Path, plan_id: str | None = None, origin: str | None = None):
    """(Plan, warnings) from a YAML file; PlanFileError with every problem otherwise."""
    name = str(path)
    text = yamlio.read_text(path)
    plain, warnings = validate_text(text, name)
    plan = Plan.from_plain(plan_id or path.stem, plain, origin or name)
    return plan, warnings


def validate_text(text: str, name: str) -> tuple[dict, list[Problem]]:
    """Plain plan data and contrat-responsable warnings, or PlanFileError listing every error."""
    name = shown_path(name)
    try:
        root = yamlio.compose(text)
    except yamlio.YamlProblem as problem:
        raise PlanFileError(
            [Problem(name, problem.line, problem.column, problem.message)]
        ) from None
    out = _Collector(name)
    if root is None:
        raise PlanFileError([Problem(name, 1, 1, _("empty file: a plan needs at least a name"))])
    if root.kind != "map":
        raise PlanFileError(
            [
                Problem(
                    name,
                    root.line,
                    root.column,
                    _("a plan file must be a mapping of keys (name: …)"),
                )
            ]
        )
    plain, nodes = _read_section(root, FORMAT, "", out)
    if "name" not in nodes:  # a name that is there but wrong has its own problem already
        out.add(root, _("missing required key 'name'"))
    _check_consistency(plain, nodes, root, out)
    errors = [p for p in out.problems if not p.warning]
    if plain.get("draft"):
        message = _("unfinished template (draft: true): fill in the figures, then remove this line")
        key = next(k for k, _v in root.items if k.kind == "scalar" and k.text == "draft")
        errors.insert(0, Problem(name, key.line, key.column, message))
        raise DraftError(errors)
    if errors:
        raise PlanFileError(errors)
    warnings = responsible_warnings(plain, nodes, root, name)
    return plain, warnings


def _read_section(node, fields: dict[str, Field], prefix: str, out: _Collector):
    plain: dict = {}
    nodes: dict = {}
    for key_node, value_node in node.items:
        if key_node.kind != "scalar":
            out.add(key_node, _("keys must be plain words"))
            continue
        key = key_node.text
        dotted = prefix + clip(key, 60)
        if key in plain or any(k == key for k in nodes):
            out.add(key_node, _("duplicate key '{key}'").format(key=dotted))
            continue
        nodes[key] = value_node
        spec = fields.get(key)
        if spec is None:
            hint = difflib.get_close_matches(key[:60], list(fields), n=1, cutoff=0.6)
            extra = _(" (did you mean '{key}'?)").format(key=prefix + hint[0]) if hint else ""
            out.add(
                key_node,
                _("unknown key '{key}'{hint}; known keys: {known}").format(
                    key=dotted, hint=extra, known=", ".join(fields)
                ),
            )
            continue
        if spec.kind in _COMPOSITE:
            value = _COMPOSITE[spec.kind](value_node, dotted, out)
            if value is not None:
                plain[key] = value
            continue
        if spec.kind == "section":
            if value_node.kind != "map":
                if value_node.kind == "scalar" and yamlio.scalar_value(value_node) is None:
                    continue  # an empty section is the same as no section
                out.add(value_node, _("'{key}' must be a mapping of keys").format(key=dotted))
                continue
            sub_plain, sub_nodes = _read_section(value_node, spec.fields, dotted + ".", out)
            plain[key] = sub_plain
            nodes[key] = (value_node, sub_nodes)
            continue
        value = _read_value(value_node, spec, dotted, out)
        if value is not None:
            plain[key] = value
    return plain, nodes


def _read_practices(node, dotted: str, out: _Collector):
    if node.kind != "seq":
        out.add(
            node, _("'{key}' must be a list, e.g. [osteopathy, mesotherapy]").format(key=dotted)
        )
        return None
    practices = []
    for item in node.items:
        value = yamlio.scalar_value(item) if item.kind == "scalar" else None
        if not isinstance(value, str) or not value.strip():
            out.add(item, _("'{key}' must list practices by name").format(key=dotted))
            continue
        practices.append(value.strip())
    return practices


def _read_overlay(node, dotted: str, out: _Collector, extra: dict | None = None):
    """A level or a seniority step: consultation and forfait keys, read as the base ones."""
    fields = {**(extra or {}), **OVERLAY}
    if node.kind != "map":
        out.add(node, _("'{key}' must be a mapping of keys").format(key=dotted))
        return None
    plain, _nodes = _read_section(node, fields, dotted + ".", out)
    return plain


def _read_levels(node, dotted: str, out: _Collector):
    if node.kind != "map":
        out.add(node, _("'{key}' must be a mapping of levels").format(key=dotted))
        return None
    levels = {}
    for key_node, value_node in node.items:
        name = key_node.text if key_node.kind == "scalar" else ""
        if not LEVEL_NAME.fullmatch(name):
            message = _("a level is named by letters, digits, '-' or '_', got {value}")
            out.add(key_node, message.format(value=repr(name)))
            continue
        if name.casefold() in (known.casefold() for known in levels):  # ID:LEVEL ignores case
            out.add(key_node, _("duplicate key '{key}'").format(key=f"{dotted}.{name}"))
            continue
        levels[name] = _read_overlay(value_node, f"{dotted}.{name}", out)
    return levels


def _read_seniority(node, dotted: str, out: _Collector):
    if node.kind != "seq":
        message = _("'{key}' must be a list of steps, each with from_year")
        out.add(node, message.format(key=dotted))
        return None
    steps, previous = [], 0
    for index, item in enumerate(node.items):
        where = f"{dotted}[{index}]"
        step = _read_overlay(item, where, out, extra={"from_year": _FROM_YEAR})
        if step is None:
            continue
        from_node = dict((k.text, v) for k, v in item.items if k.kind == "scalar").get("from_year")
        if "from_year" not in step:
            if from_node is None:
                out.add(item, _("'{key}' needs from_year").format(key=where))
            continue
        if step["from_year"] <= previous:
            message = _("'{key}.from_year' must come after the previous step's ({previous})")
            out.add(from_node, message.format(key=where, previous=previous))
            continue
        previous = step["from_year"]
        steps.append(step)
    return steps


_COMPOSITE = {"text_list": _read_practices, "levels": _read_levels, "seniority": _read_seniority}
_FROM_YEAR = Field("count", "Membership year from which the step applies (1 = the first)")
LEVEL_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")
PMSS = re.compile(r"\s*([0-9]+(?:[.,][0-9]{1,2})?)\s*%\s*PMSS\s*", re.IGNORECASE)


def _read_pmss(node, value: str, dotted: str, out: _Collector):
    """ "N % PMSS" with 0 < N ≤ 100, written back in one spelling."""
    match = PMSS.fullmatch(value)
    number = Decimal(match.group(1).replace(",", ".")) if match else None
    if number is None or not 0 < number <= 100:
        message = _("'{key}' must be an amount in euros or \"N % PMSS\" (0 < N ≤ 100), got {value}")
        out.add(node, message.format(key=dotted, value=repr(node.text)))
        return None
    return f"{number.normalize():f} % PMSS"


def _read_value(node: yamlio.Node, spec: Field, dotted: str, out: _Collector):
    if node.kind != "scalar":
        shape = (
            _("'{key}' must be a single value, not a list")
            if node.kind == "seq"
            else _("'{key}' must be a single value, not a mapping")
        )
        out.add(node, shape.format(key=dotted))
        return None
    value = yamlio.scalar_value(node)
    kind = spec.kind
    if value is None:
        if spec.required:
            out.add(node, _("'{key}' must not be empty").format(key=dotted))
        return None
    if kind == "text":
        if not isinstance(value, str) or not value.strip():
            out.add(node, _("'{key}' must be text").format(key=dotted))
            return None
        if printable(value) != value:  # ESC sequences, newlines: they would reach the terminal
            message = _("'{key}' must be one line without control characters, got {value}")
            out.add(node, message.format(key=dotted, value=quoted(value, 60)))
            return None
        return value.strip()
    if kind == "choice":
        if value not in spec.choices:
            hint = difflib.get_close_matches(str(value)[:60], spec.choices, n=1)
            extra = _(" (did you mean '{key}'?)").format(key=hint[0]) if hint else ""
            out.add(
                node,
                _("'{key}' must be one of {choices}, got {value}{hint}").format(
                    key=dotted,
                    choices=", ".join(spec.choices),
                    value=quoted(str(value), 60) if isinstance(value, str) else repr(value),
                    hint=extra,
                ),
            )
            return None
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            message = _("'{key}' must be true or false, got {value}")
            out.add(node, message.format(key=dotted, value=quoted(node.text, 60)))
            return None
        return value
    if kind == "month_day":
        return _read_month_day(node, value, dotted, out)
    if kind == "amount_or_pmss":
        if isinstance(value, str):
            return _read_pmss(node, value, dotted, out)
        kind = "amount"
    if kind == "months":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
            message = _("'{key}' must be a whole number of months from 1 to {high}, got {value}")
            out.add(
                node, message.format(key=dotted, high=MAX_WAITING_MONTHS, value=repr(node.text))
            )
            return None
        return value
    if kind == "count":
        if isinstance(value, Decimal) and node.tag.endswith(":int"):
            message = _("'{key}' must be from 1 to {high}, got {value}")
            out.add(
                node,
                message.format(key=dotted, high=MAX_SESSIONS_PER_YEAR, value=clip(node.text, 40)),
            )
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            message = _("'{key}' must be a whole number, got {value}")
            out.add(node, message.format(key=dotted, value=quoted(node.text, 60)))
            return None
        if not 1 <= value <= MAX_SESSIONS_PER_YEAR:
            message = _("'{key}' must be from 1 to {high}, got {value}")
            out.add(node, message.format(key=dotted, high=MAX_SESSIONS_PER_YEAR, value=value))
            return None
        return value
    # percent, share (of the price) and amount
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        message = {
            "percent": _("'{key}' must be a percentage of the base (a number), got {value}"),
            "share": _("'{key}' must be a percentage of the price (a number), got {value}"),
        }.get(kind, _("'{key}' must be an amount in euros (a number), got {value}"))
        out.add(node, message.format(key=dotted, value=quoted(node.text, 60)))
        return None
    number = Decimal(value)
    if not number.is_finite():
        message = _("'{key}' must be a finite number, got {value}")
        out.add(node, message.format(key=dotted, value=quoted(node.text, 60)))
        return None
    if number < 0:
        message = _("'{key}' must not be negative, got {value}")
        out.add(node, message.format(key=dotted, value=clip(node.text, 40)))
        return None
    if kind == "percent" and number > MAX_PERCENT:
        message = _("'{key}' must be at most {high} % BR, got {value}")
        out.add(node, message.format(key=dotted, high=MAX_PERCENT, value=clip(node.text, 40)))
        return None
    if kind == "share" and not 0 < number <= 100:
        message = _("'{key}' must be above 0 and at most 100 (% of the price), got {value}")
        out.add(node, message.format(key=dotted, value=node.text))
        return None
    if kind == "amount" and number >= MAX_AMOUNT:
        out.add(
            node, _("'{key}' is too large: {value}").format(key=dotted, value=clip(node.text, 40))
        )
        return None
    if number != number.quantize(Decimal("0.01")):
        message = _("'{key}' has more than two decimals: {value}")
        out.add(node, message.format(key=dotted, value=clip(node.text, 40)))
        return None
    if kind == "amount" and number == 0:
        message = _("'{key}' must be above 0 (leave the key out for no limit)")
        out.add(node, message.format(key=dotted))
        return None
    return str(number)


def _read_month_day(node, value, dotted: str, out: _Collector):
    text = str(value)
    parts = text.split("-")
    if len(parts) != 2 or not all(part.isdigit() and len(part) == 2 for part in parts):
        message = _("'{key}' must be MM-DD (e.g. \"04-01\"), got {value}")
        out.add(node, message.format(key=dotted, value=quoted(node.text, 60)))
        return None
    month, day = int(parts[0]), int(parts[1])
    if (month, day) == (2, 29):
        message = _("'{key}' cannot be 02-29 (not every year has it): use 02-28 or 03-01")
        out.add(node, message.format(key=dotted))
        return None
    try:
        date(2001, month, day)
    except ValueError:
        message = _("'{key}' is not a day of the year: {value}")
        out.add(node, message.format(key=dotted, value=clip(text, 40)))
        return None
    return text


def _check_consistency(plain: dict, nodes: dict, root, out: _Collector) -> None:
    if plain.get("year") == "contract" and "contract_start" not in plain:
        if "contract_start" not in nodes:
            out.add(
                nodes.get("year", root),
                _("'contract_start' (MM-DD) is required when year is contract"),
            )
    if "contract_start" in plain and plain.get("year", "calendar") != "contract":
        out.add(nodes["contract_start"], _("'contract_start' is only used with 'year: contract'"))
    written = nodes.get("forfait")
    if isinstance(written, tuple):  # a forfait section: at least one limit must be written
        node, keys = written
        if not any(key in keys for key in LIMITS):
            message = _("'forfait' needs at least one limit: {limits}")
            out.add(node, message.format(limits=", ".join(LIMITS)))


def responsible_warnings(plain: dict, nodes: dict, root, name: str) -> list[Problem]:
    """Contrat responsable rules (CSS R871-2) a plan breaks, as warnings at the offending value."""
    if not plain.get("responsible", True):
        return []
    out = _Collector(name)
    section = plain.get("consultation", {})
    written = nodes.get("consultation")
    # `consultation:` alone (or ~) is no section at all: its node is a scalar, not a mapping.
    section_node, sub = written if isinstance(written, tuple) else (root, {})
    optam = Decimal(section.get("optam", 100))
    explicit_non_optam = "non_optam" in section
    non_optam = Decimal(section["non_optam"]) if explicit_non_optam else optam
    optam_node = sub.get("optam", section_node)
    non_optam_node = sub.get("non_optam", section_node)
    for key, message in responsible_rules(optam, non_optam, explicit_non_optam):
        out.add(optam_node if key == "optam" else non_optam_node, message, warning=True)
    return out.problems


_JSON_TYPES = {
    "text": {"type": "string", "minLength": 1},
    "bool": {"type": "boolean"},
    "percent": {"type": "number", "minimum": 0, "maximum": 1000, "multipleOf": Decimal("0.01")},
    "amount": {"type": "number", "exclusiveMinimum": 0, "multipleOf": Decimal("0.01")},
    "count": {"type": "integer", "minimum": 1, "maximum": MAX_SESSIONS_PER_YEAR},
    "month_day": {
        "type": "string",
        "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
    },
    "share": {
        "type": "number",
        "exclusiveMinimum": 0,
        "maximum": 100,
        "multipleOf": Decimal("0.01"),
    },
    "months": {"type": "integer", "minimum": 1, "maximum": MAX_WAITING_MONTHS},
    "text_list": {"type": "array", "items": {"type": "string", "minLength": 1}},
}
_JSON_TYPES["amount_or_pmss"] = {
    "oneOf": [
        _JSON_TYPES["amount"],
        {"type": "string", "pattern": "^\\s*[0-9]+([.,][0-9]{1,2})?\\s*%\\s*[Pp][Mm][Ss][Ss]\\s*$"},
    ]
}


def json_schema() -> dict:
    """A JSON Schema (draft 2020-12) of the plan format, so editors validate and complete files."""

    def properties(fields: dict[str, Field]) -> dict:
        result = {}
        for key, spec in fields.items():
            if spec.kind == "section":
                entry = {
                    "type": ["object", "null"],
                    "additionalProperties": False,
                    "properties": properties(spec.fields),
                }
            elif spec.kind == "choice":
                entry = {"enum": list(spec.choices)}
            elif spec.kind == "levels":
                entry = {
                    "type": "object",
                    "propertyNames": {"pattern": "^[A-Za-z0-9_-]{1,32}$"},
                    "additionalProperties": overlay,
                }
            elif spec.kind == "seniority":
                step = dict(overlay)
                step["properties"] = {
                    "from_year": properties({"from_year": _FROM_YEAR})["from_year"],
                    **overlay["properties"],
                }
                entry = {"type": "array", "items": {**step, "required": ["from_year"]}}
            else:
                entry = dict(_JSON_TYPES[spec.kind])
            entry["description"] = spec.help
            if spec.default is not None:
                entry["default"] = spec.default
            result[key] = entry
        return result

    # What a level or a seniority step may change (properties() reads it for those two keys).
    overlay = {"type": "object", "additionalProperties": False, "properties": properties(OVERLAY)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "meso plan file",
        "description": "A mutuelle plan for meso: one plan per file, its id is the file name.",
        "type": "object",
        "additionalProperties": False,
        "required": [key for key, spec in FORMAT.items() if spec.required],
        "properties": properties(FORMAT),
        "if": {"properties": {"year": {"const": "contract"}}, "required": ["year"]},
        "then": {"required": ["contract_start"]},
    }


TEMPLATE = """\
# yaml-language-server: $schema=plan.schema.json
# A meso plan file: one plan per file, its id is the file name ({id}).
# Copy the figures from your contract's "tableau de garanties", uncomment them, remove the
# "draft" line, then check the file with:
#   meso plans validate {path}
draft: true               # a template: meso uses no figure of it while this line is here
name: {id}                 # required: the name shown in tables
# insurer: ""              # optional
# source: ""               # optional: where the figures come from (contract, date)
year: calendar             # calendar | contract (then contract_start: "MM-DD") | membership
# contract_start: "04-01"  # (membership: the plan year starts on the anniversary of --member-since)
# consultation:              # the consultation guarantee, in % of the Sécu base (BR)
#   optam: 100               # secteur 1 and secteur 2 OPTAM doctors (at least 100 if responsible)
#   # non_optam: 100         # secteur 2 outside OPTAM (default: same as optam)
#   basis: total             # total: Sécu share included | on_top: paid on top of it
# forfait:                   # forfait médecines douces: keep the limits your contract states
#   # practices: [osteopathy, acupuncture, mesotherapy]  # when listed, mesotherapy must be there
#   per_session: 50          # € at most a session, or "N % PMSS"
#   sessions_per_year: 4     # sessions paid a plan year
#   # per_year: 200          # € a plan year in all, or "N % PMSS" (e.g. "5 % PMSS")
#   # percent_of_price: 50   # pays at most this % of the session price, before the limits
#   # waiting_months: 3      # délai de carence, counted from the membership date
#   aesthetic: false         # also pays for aesthetic sessions
#   only_unreimbursed: false # pays only for sessions the Sécu does not reimburse
# responsible: true          # contrat responsable
# seniority:               # from the Nth membership year, these keys replace the same keys
#   - from_year: 2
#     forfait: {{per_year: 180}}
# levels:                  # one product, several levels: use the plan as {id}:LEVEL
#   "1": {{forfait: {{per_session: 20, sessions_per_year: 2}}}}
#   "2": {{forfait: {{per_session: 40}}, consultation: {{optam: 150}}}}
"""
