"""Which callback a request to ``/_dash-update-component`` will run, and whether its body is well formed.

Dash dispatches on the body's ``output`` field alone: it looks the string up
in ``app.callback_map`` and calls that function with the body's inputs and
states in order. The guard therefore resolves the callback from that very
field and reads the access level declared on it (``dashboard.ui.access``);
no other field decides. It also refuses a body whose ``outputs``, ``inputs``
or ``state`` do not match the resolved callback exactly (ids, properties,
count, and for pattern-matching ids the keys and the fixed values), so a
request can never borrow one callback's name to feed another's arguments.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dashboard.ui.access import declared

# Dash's own page-routing callbacks (``use_pages``): not ours to decorate; they
# only pick the layout of a path, which the page's layout function guards itself.
DASH_INTERNAL = {"_pages_content", "_pages_store", "_pages_dummy"}
WILDCARDS = ("MATCH", "ALL", "ALLSMALLER")


@dataclass(frozen=True)
class Resolved:
    """The callback a well-formed request will run."""

    key: str
    level: str
    limit: str | None


class BadCallbackRequest(ValueError):
    """The body does not name a callback, or does not match the one it names."""


def resolve(callback_map: dict, body: object) -> Resolved:
    """The callback ``body`` will run, with its declared access.

    Raises:
        BadCallbackRequest: unknown callback, undeclared access, or a body
            that does not match the callback's outputs, inputs and states.
    """
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadCallbackRequest("no callback named")
    key = body["output"]
    spec = callback_map.get(key)
    if spec is None:
        raise BadCallbackRequest("unknown callback")
    expected_outputs = _outputs_of_key(key)
    level, limit = declared(spec.get("callback"))
    if level is None and {_plain(o["id"]) for o in expected_outputs} <= DASH_INTERNAL:
        level = "public"
    if level is None:
        raise BadCallbackRequest("callback without declared access")
    _match_list(body.get("outputs"), expected_outputs, "outputs", single=len(expected_outputs) == 1
                and not key.startswith(".."))
    _match_list(body.get("inputs"), spec.get("inputs", []), "inputs")
    _match_list(body.get("state", []), spec.get("state", []), "state")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadCallbackRequest("changedPropIds must be a list of names")
    return Resolved(key, level, limit)


def _outputs_of_key(key: str) -> list[dict]:
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    outputs = []
    for part in parts:
        component, prop = part.rsplit(".", 1)
        outputs.append({"id": component, "property": prop})
    return outputs


def _plain(component: object) -> str:
    return component if isinstance(component, str) else json.dumps(component, sort_keys=True)


def _property(value: object) -> str:
    # Outputs marked allow_duplicate carry "@<hash>" in the callback's key.
    return value.split("@", 1)[0] if isinstance(value, str) else ""


def _match_list(given: object, expected: list[dict], field: str, single: bool = False) -> None:
    if single and isinstance(given, dict):
        given = [given]
    if not isinstance(given, list) or len(given) != len(expected):
        raise BadCallbackRequest(f"{field} do not match the callback")
    for item, want in zip(given, expected):
        _match_item(item, want, field)


def _match_item(item: object, want: dict, field: str) -> None:
    pattern = want["id"]
    if isinstance(pattern, str) and pattern.startswith("{"):
        pattern = json.loads(pattern)
    if isinstance(item, list):  # ALL / ALLSMALLER: any number of concrete ids
        if not (isinstance(pattern, dict) and any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values())):
            raise BadCallbackRequest(f"{field}: a list where one component is expected")
        for each in item:
            _match_item(each, want, field)
        return
    if not isinstance(item, dict) or _property(item.get("property")) != _property(want["property"]):
        raise BadCallbackRequest(f"{field}: property does not match")
    component = item.get("id")
    if isinstance(pattern, dict):
        if not isinstance(component, dict) or set(component) != set(pattern):
            raise BadCallbackRequest(f"{field}: pattern id does not match")
        for name, value in pattern.items():
            concrete = component[name]
            if isinstance(value, list) and len(value) == 1 and value[0] in WILDCARDS:
                if not isinstance(concrete, (str, int, float)) or isinstance(concrete, bool):
                    raise BadCallbackRequest(f"{field}: wildcard value of a wrong type")
            elif concrete != value:
                raise BadCallbackRequest(f"{field}: pattern id does not match")
    elif component != pattern:
        raise BadCallbackRequest(f"{field}: id does not match")
