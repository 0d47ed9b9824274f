"""meso_cli.tuples.NamedTuple behaves as typing.NamedTuple for everything meso relies on."""

import copy
import pickle
import typing
from decimal import Decimal

import pytest

from meso_cli import records
from meso_cli.scenario import Scenario
from meso_cli.tuples import NamedTuple


def _pair(base):
    class Pair(base):
        """Two amounts."""

        left: Decimal
        right: Decimal = Decimal("1.00")
        side: str = "both"

        def total(self) -> Decimal:
            return self.left + self.right

    return Pair


Ours, Theirs = _pair(NamedTuple), _pair(typing.NamedTuple)


def _outcome(make):
    try:
        value = make()
    except Exception as error:  # the same kind of failure on both sides
        return type(error).__name__
    return (type(value).__name__, tuple(value) if isinstance(value, tuple) else value)


@pytest.mark.parametrize(
    "make",
    [
        lambda P: P(Decimal("2")),
        lambda P: P(Decimal("2"), Decimal("3"), "left"),
        lambda P: P(right=Decimal("5"), left=Decimal("2")),
        lambda P: P(),
        lambda P: P(1, 2, 3, 4),
        lambda P: P(1, left=2),
        lambda P: P(1, wrong=2),
        lambda P: P._make([1, 2, 3]),
        lambda P: P._make([1, 2]),
        lambda P: P(1)._replace(side="one"),
        lambda P: P(1)._replace(wrong=2),
        lambda P: P(1)._asdict(),
        lambda P: P(1).total(),
        lambda P: (P(1).left, P(1).right, P(1).side, P(1)[2], P(1)[-1]),
        lambda P: (P._fields, P._field_defaults, P.__match_args__, P.__doc__),
        lambda P: list(P.__annotations__),
        lambda P: (P(1) == (1, Decimal("1.00"), "both"), hash(P(1)) == hash((1, 1, "both"))),
        lambda P: pickle.loads(pickle.dumps(P(1, 2))),
        lambda P: copy.deepcopy(P(1, 2)),
        lambda P: repr(P(1, 2)).replace("test_tuples._pair.<locals>.", ""),
    ],
)
def test_it_behaves_as_typing_namedtuple(make):
    assert _outcome(lambda: make(Ours)) == _outcome(lambda: make(Theirs))


def test_instances_have_no_dict_and_fields_cannot_be_set():
    pair = Ours(1)
    assert not hasattr(pair, "__dict__")
    with pytest.raises(AttributeError):
        pair.left = 2


def test_a_missing_field_is_named_in_the_message():
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'left'"):
        Ours()


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("a: int = 1\n b: int", TypeError),  # a field without default after one with
        ("_a: int", ValueError),
        ("a: int\n def _replace(self): pass", AttributeError),
        ("pass", TypeError),  # no field
        ("\n ".join(f"f{i}: int" for i in range(17)), TypeError),  # more than the templates
    ],
)
def test_a_bad_class_body_fails_when_the_class_is_made(body, error):
    with pytest.raises(error):
        exec(f"class Bad(NamedTuple):\n {body}", {"NamedTuple": NamedTuple})


def test_a_subclass_of_a_record_is_a_plain_subclass():
    class Named(Ours):
        def describe(self) -> str:
            return f"{self.left} and {self.right}"

    assert Named(1, 2).describe() == "1 and 2"
    assert Named._fields == Ours._fields


def test_meso_records_keep_their_fields_and_defaults():
    assert records.Totals._fields == (
        "price", "secu", "participation", "mutuelle", "remaining",
    )  # fmt: skip
    assert Scenario._field_defaults["every"] == 7
    assert len(Scenario._fields) == 16  # the largest: tuples.py has templates up to 16
