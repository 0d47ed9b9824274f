"""Safe YAML reading with positions: a small composer over PyYAML's event stream.

Why not yaml.safe_load: we need the line and column of every key and value for error messages,
duplicate keys refused, no tag ever constructed, a bounded nesting depth (the C composer recurses),
and aliases that never expand (a "billion laughs" document stays as small as its text).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from meso_cli.errors import PlanFileError, Problem
from meso_cli.i18n import _
from meso_cli.safe_text import clip, printable, shown_path

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_NODES = 10_000

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(eq=False)
class Node:
    kind: str  # "map" | "seq" | "scalar"
    line: int  # 1-based
    column: int  # 1-based
    tag: str = ""  # resolved tag of a scalar
    text: str = ""  # scalar text
    items: list = field(default_factory=list)  # map: [(key Node, value Node)]; seq: [Node]


class YamlProblem(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file as UTF-8 text, or PlanFileError at 1:1 saying why it can't be read.

    Only a regular file is read: a FIFO or a device is refused before any read (opened
    non-blocking, then checked with fstat), so a plan path can never hang the command.
    """
    name = shown_path(path)
    data = _read_regular(path, name, max_bytes)
    if len(data) > max_bytes:
        message = _("is larger than {size} KiB: not a plan file")
        raise _whole_file(name, message.format(size=max_bytes // 1024))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        message = _("is not UTF-8 text (byte {byte})").format(byte=f"{data[error.start]:#04x}")
        raise PlanFileError([Problem(name, line, column, message)]) from None
    return text.removeprefix("\ufeff")


def _read_regular(path: Path, name: str, max_bytes: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise _unreadable(name, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise _whole_file(name, _("is a directory, not a plan file"))
        if not stat.S_ISREG(mode):
            raise _whole_file(name, _("is not a regular file (a FIFO, a socket or a device)"))
        chunks = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(descriptor, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError as error:
        raise _unreadable(name, error) from None
    finally:
        os.close(descriptor)


def _unreadable(name: str, error: OSError) -> PlanFileError:
    if error.errno == errno.ELOOP:
        return _whole_file(name, _("cannot be read: too many levels of symbolic links (a loop)"))
    reason = error.strerror or str(error)
    return _whole_file(name, _("cannot be read: {reason}").format(reason=reason))


def _whole_file(name: str, message: str) -> PlanFileError:
    return PlanFileError([Problem(name, 1, 1, message)])


def compose(text: str) -> Node | None:
    """The single document of `text` as a Node tree (None when empty). Raises YamlProblem."""
    import yaml  # ~17 ms: only when a YAML file is really read

    resolver = yaml.resolver.Resolver()
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    anchors: dict[str, Node] = {}
    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None
    documents = 0
    count = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            key = pending_key[-1]
            parent.items.append((key, node))
            pending_key[-1] = None

    try:
        for event in yaml.parse(text, Loader=loader_class):
            kind = type(event).__name__
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    message = _("only one YAML document is allowed per file")
                    raise YamlProblem(*_pos(event), message)
                continue
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            if kind == "AliasEvent":
                if event.anchor not in anchors:
                    message = _("unknown alias *{name}").format(name=clip(event.anchor, 80))
                    raise YamlProblem(*_pos(event), message)
                attach(anchors[event.anchor])
                continue
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                stack.pop()
                pending_key.pop()
                continue
            count += 1
            if count > MAX_NODES:
                message = _("more than {count} values: not a plan file").format(count=MAX_NODES)
                raise YamlProblem(*_pos(event), message)
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _CORE_TAGS:
                shown = clip(tag.replace("tag:yaml.org,2002:", "!!"), 80)
                message = _("YAML tags are not allowed here ({tag})").format(tag=shown)
                raise YamlProblem(*_pos(event), message)
            if kind == "ScalarEvent":
                if tag is None:
                    tag = resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
                elif tag == "!":
                    tag = "tag:yaml.org,2002:str"
                node = Node("scalar", *_pos(event), tag=tag, text=event.value)
                attach(node)
            else:
                if len(stack) >= MAX_DEPTH:
                    message = _("nested deeper than {depth} levels").format(depth=MAX_DEPTH)
                    raise YamlProblem(*_pos(event), message)
                node = Node("map" if kind == "MappingStartEvent" else "seq", *_pos(event))
                attach(node)
                stack.append(node)
                pending_key.append(None)
            if event.anchor:
                anchors[event.anchor] = node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or error.context or "invalid YAML"
        if "maximum nesting depth" in message:
            # PyYAML >= 6.0.4 stops at 1000 levels of flow collections ([[[…) while scanning,
            # before our own check sees the 33rd: the same fault, so the same words (the
            # position is where PyYAML stopped).
            shown = _("nested deeper than {depth} levels").format(depth=MAX_DEPTH)
        else:
            shown = _("invalid YAML: {problem}").format(problem=clip(message, 200))
        if mark is None:
            raise YamlProblem(1, 1, shown) from None
        raise YamlProblem(mark.line + 1, mark.column + 1, shown) from None
    except yaml.reader.ReaderError as error:
        # A control character: PyYAML gives its offset in the text, we give its line and column.
        position = min(max(error.position, 0), len(text))
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = printable(chr(error.character)) if isinstance(error.character, int) else "?"
        message = _("invalid YAML: control character {char} is not allowed in a YAML file")
        raise YamlProblem(line, column, message.format(char=character)) from None
    except yaml.YAMLError as error:
        message = clip(str(error).splitlines()[0] if str(error) else "?", 200)
        raise YamlProblem(1, 1, _("invalid YAML: {problem}").format(problem=message)) from None
    return root


def _pos(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


_INT = re.compile(r"[-+]?[0-9]+")
MAX_INT_DIGITS = 40  # longer whole numbers stay exact as Decimal: int() has a digit limit


def scalar_value(node: Node):
    """A scalar as plain data: str, int, Decimal (never float), bool or None."""
    from decimal import Decimal, InvalidOperation

    tag = node.tag.rsplit(":", 1)[-1]
    text = node.text
    if tag == "null":
        return None
    if tag == "bool":
        return text.lower() in ("true", "yes", "on", "y")
    if tag == "int":
        if _INT.fullmatch(text):
            if len(text) > MAX_INT_DIGITS:
                return Decimal(text)  # a whole number too large for any plan figure
            return int(text)
        return text  # 0x1F, 1_000, 0o17: left as text, refused by the reader that wanted a number
    if tag == "float":
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return (
                Decimal("NaN")
                if "nan" in text.lower()
                else Decimal("-Infinity" if text.startswith("-") else "Infinity")
            )
    return text  # strings, and dates kept as their text


def to_plain(node: Node | None):
    """The tree as plain data (dict/list/scalars); duplicate keys refused. For trusted data files."""
    if node is None:
        return None
    if node.kind == "scalar":
        return scalar_value(node)
    if node.kind == "seq":
        return [to_plain(item) for item in node.items]
    result = {}
    for key, value in node.items:
        name = scalar_value(key) if key.kind == "scalar" else None
        if name in result:
            raise YamlProblem(key.line, key.column, f"duplicate key {name!r}")
        result[name] = to_plain(value)
    return result
