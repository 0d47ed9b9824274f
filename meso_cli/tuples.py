"""NamedTuple: typing.NamedTuple's class syntax and behaviour, at a seventh of the start-up cost.

typing.NamedTuple compiles a constructor from source for every class (collections.namedtuple)
and checks every annotation: about 0.7 M instructions a class, and meso defines some 25 of them
on every run, a twentieth of its start-up. Here each class gets a constructor copied from a
template of its arity, compiled once with this module's bytecode, its parameters renamed to the
fields: about 0.1 M instructions a class, and the same speed once built.

    class Totals(NamedTuple):
        price: Decimal
        remaining: Decimal = ZERO

gives a tuple with named fields, defaults, `_fields`, `_field_defaults`, `_make`, `_replace`,
`_asdict`, a readable repr and pickling, as typing.NamedTuple does (tests/test_tuples.py).
"""

from types import FunctionType

try:
    from _collections import _tuplegetter  # what collections.namedtuple uses: a C descriptor
except ImportError:  # another Python
    from operator import itemgetter

    def _tuplegetter(index, doc):
        return property(itemgetter(index), doc=doc)


_tuple_new = tuple.__new__


# Constructors by arity: a class's copy renames `_1`, `_2`… to its fields.
def _new1(_cls, _1):
    return _tuple_new(_cls, (_1,))


def _new2(_cls, _1, _2):
    return _tuple_new(_cls, (_1, _2))


def _new3(_cls, _1, _2, _3):
    return _tuple_new(_cls, (_1, _2, _3))


def _new4(_cls, _1, _2, _3, _4):
    return _tuple_new(_cls, (_1, _2, _3, _4))


def _new5(_cls, _1, _2, _3, _4, _5):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5))


def _new6(_cls, _1, _2, _3, _4, _5, _6):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6))


def _new7(_cls, _1, _2, _3, _4, _5, _6, _7):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7))


def _new8(_cls, _1, _2, _3, _4, _5, _6, _7, _8):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8))


def _new9(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9))


def _new10(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10))


def _new11(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11))


def _new12(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12))


def _new13(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13))


def _new14(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14))


def _new15(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15))


def _new16(_cls, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16):
    return _tuple_new(_cls, (_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16))


_TEMPLATES = (None, _new1, _new2, _new3, _new4, _new5, _new6, _new7, _new8,
              _new9, _new10, _new11, _new12, _new13, _new14, _new15, _new16)  # fmt: skip
# What a class body may not define: the machinery below.
_RESERVED = {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
             "_make", "_replace", "_asdict"}  # fmt: skip


def _annotations(namespace: dict) -> dict:
    """The class body's annotations, in order: a dict up to Python 3.13; from 3.14 (PEP 649)
    a function to call, as typing.NamedTuple does."""
    if "__annotations__" in namespace:
        return namespace["__annotations__"]
    try:
        import annotationlib  # Python 3.14+
    except ImportError:
        return {}
    annotate = annotationlib.get_annotate_from_class_namespace(namespace)
    if annotate is None:
        return {}
    return annotationlib.call_annotate_function(annotate, annotationlib.Format.FORWARDREF)


class _NamedTupleMeta(type):
    def __new__(mcls, name, bases, namespace):
        if bases != (globals().get("NamedTuple"),):  # the base class below, or a subclass
            return super().__new__(mcls, name, bases, namespace)
        fields = tuple(_annotations(namespace))
        if not 0 < len(fields) < len(_TEMPLATES):
            raise TypeError(f"{name}: 1 to {len(_TEMPLATES) - 1} fields, not {len(fields)}")
        defaults = {}
        for field in fields:
            if field.startswith("_"):
                raise ValueError(f"{name}: field names cannot start with an underscore: {field}")
            if field in namespace:
                defaults[field] = namespace.pop(field)
            elif defaults:
                raise TypeError(
                    f"{name}: non-default field {field!r} follows a default field "
                    f"{', '.join(defaults)}"
                )
        reserved = sorted(_RESERVED & namespace.keys())
        if reserved:
            raise AttributeError(f"{name}: cannot overwrite NamedTuple attribute {reserved[0]}")
        template = _TEMPLATES[len(fields)].__code__
        code = template.replace(
            co_varnames=("_cls", *fields, *template.co_varnames[len(fields) + 1 :]),
            co_name="__new__",
            **({"co_qualname": f"{name}.__new__"} if hasattr(template, "co_qualname") else {}),
        )
        new = FunctionType(code, globals(), "__new__", tuple(defaults.values()) or None)
        new.__doc__ = f"Create new instance of {name}({', '.join(fields)})"
        namespace.update(
            __slots__=(),
            __new__=new,
            _fields=fields,
            _field_defaults=defaults,
            __match_args__=fields,
        )
        for index, field in enumerate(fields):
            namespace[field] = _tuplegetter(index, f"Alias for field number {index}")
        return super().__new__(mcls, name, bases, namespace)


class NamedTuple(tuple, metaclass=_NamedTupleMeta):
    """Subclass with annotated fields (see the module's docstring); methods shared by all."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    @classmethod
    def _make(cls, iterable):
        made = _tuple_new(cls, iterable)
        if len(made) != len(cls._fields):
            raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(made)}")
        return made

    def _replace(self, /, **changes):
        made = self._make(map(changes.pop, self._fields, self))
        if changes:
            raise ValueError(f"Got unexpected field names: {list(changes)!r}")
        return made

    def _asdict(self) -> dict:
        return dict(zip(self._fields, self, strict=True))

    def __repr__(self) -> str:
        pairs = ", ".join(
            f"{field}={value!r}" for field, value in zip(self._fields, self, strict=True)
        )
        return f"{self.__class__.__name__}({pairs})"

    def __getnewargs__(self):
        return tuple(self)
