"""The request a browser sends to run one callback, built from the app's own callback map.

Used by the benchmark (to replay the main interactions over HTTP) and by the
security tests (to call a protected callback directly, as an attacker would).
"""

from __future__ import annotations

from dash import Dash


def callback_request(app: Dash, output_id: str, values: dict | None = None, changed: bool = False,
                     key: str | None = None) -> dict:
    """The ``/_dash-update-component`` body for the callback writing ``output_id``.

    Args:
        app: the app; its page callbacks are registered after its first request.
        output_id: a component id among the callback's outputs.
        values: component id → value for its inputs and states (missing: None).
        changed: mark the first input as the one that changed (a user action).
        key: the callback's key in ``app.callback_map``, when several write ``output_id``.
    """
    values = values or {}
    key = key or next(k for k in app.callback_map if f"{output_id}." in k)
    spec = app.callback_map[key]
    outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]} for o in key.strip(".").split("...")]
    first = spec["inputs"][0]
    return {
        "output": key,
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{**i, "value": values.get(i["id"])} for i in spec["inputs"]],
        "state": [{**s, "value": values.get(s["id"])} for s in spec["state"]],
        "changedPropIds": [f"{first['id']}.{first['property']}"] if changed else [],
    }
