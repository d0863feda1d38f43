"""Every callback declares who may run it; forged callback bodies never run a protected one.

The attack this guards against: Dash runs the callback named by the body's
``output`` field; a guard that read another field could be walked past by
naming a harmless output there (a viewer ran the admin undo that way).
"""

from __future__ import annotations

import base64
import copy
import json
import time

import pytest

from dashboard.ui.access import LEVELS, declared
from dashboard.auth.callbacks import DASH_INTERNAL
from dashboard.ui import ids, jobs
from dashboard.ui.requests import callback_request
from tests.ingest.helpers import store_fingerprint
from tests.security.helpers import UNIT, login, secure_app

OTHER_UNIT = "Đảng ủy phường Không Có"
PASSWORD = "forge-pass-1"


@pytest.fixture(scope="module")
def app(tmp_path_factory, sample_store_ro):
    return secure_app(tmp_path_factory.mktemp("forge"), sample_store_ro, {
        "xem": ("viewer", PASSWORD, []), "khac": ("staff", PASSWORD, [OTHER_UNIT]), "lan": ("staff", PASSWORD, [UNIT]),
        "quan": ("admin", PASSWORD, [])}, max_upload_mb=1)


def store_of(app):
    return app.server.config["DASHBOARD_SETTINGS"].store


def client_as(app, name: str | None):
    client = app.server.test_client()
    if name:
        assert login(client, name, PASSWORD).status_code == 302
    return client


def callbacks(app) -> dict[str, tuple[str | None, str | None]]:
    return {key: declared(spec.get("callback")) for key, spec in app.callback_map.items()
            if spec.get("callback") is not None}


def body(app, key: str) -> dict:
    first = key.strip(".").split("...")[0].rsplit(".", 1)[0]
    return callback_request(app, first, key=key)


def protected(app) -> list[str]:
    return [key for key, (level, _) in callbacks(app).items() if level not in (None, "public")]


def test_every_callback_declares_its_access(app):
    undeclared = []
    for key, (level, limit) in callbacks(app).items():
        internal = {part.rsplit(".", 1)[0] for part in key.strip(".").split("...")} <= DASH_INTERNAL
        if level is None and not internal:
            undeclared.append(key)
        assert level is None or level in LEVELS
    assert not undeclared, f"callbacks without @access: {undeclared}"
    # The ones that write or read staff data are not public.
    levels = {getattr(spec["callback"], "__name__", ""): declared(spec["callback"])[0]
              for spec in app.callback_map.values() if spec.get("callback")}
    assert levels["start_commit"] == levels["start_preview"] == levels["poll"] == "staff"
    assert "admin" in levels.values()
    assert not app.callback_api_paths  # no callback is also exposed as a plain HTTP API


def test_undeclared_callback_is_refused():
    from dashboard.auth.callbacks import BadCallbackRequest, resolve

    def plain():
        return 1

    spec = {"callback": plain, "inputs": [{"id": "a", "property": "value"}], "state": []}
    with pytest.raises(BadCallbackRequest):
        resolve({"x.children": spec}, {"output": "x.children", "outputs": {"id": "x", "property": "children"},
                                        "inputs": [{"id": "a", "property": "value"}]})


def forgeries(app, key: str) -> dict[str, dict]:
    """Bodies that name the protected callback ``key`` but lie about it, or name a harmless one and lie the other way."""
    good = body(app, key)
    harmless_key = next(k for k, (level, _) in callbacks(app).items() if level == "public" and "filter-summary" in k)
    harmless = body(app, harmless_key)
    forged = {"well formed": good}
    # The original exploit: the protected callback in `output`, a harmless one in `outputs`.
    forged["outputs of another callback"] = {**good, "outputs": harmless["outputs"]}
    forged["harmless name, protected outputs"] = {**harmless, "outputs": good["outputs"],
                                                  "inputs": good["inputs"], "state": good["state"]}
    outputs = good["outputs"] if isinstance(good["outputs"], list) else [good["outputs"]]
    forged["extra output"] = {**good, "outputs": outputs + [{"id": ids.KPIS, "property": "children"}]}
    forged["missing output"] = {**good, "outputs": outputs[:-1] if len(outputs) > 1 else []}
    forged["pattern id in place of an id"] = {**good, "outputs": [{"id": {"type": "download", "view": "x", "graph": "y"},
                                                                   "property": o["property"]} for o in outputs]}
    forged["extra input"] = {**good, "inputs": good["inputs"] + [{"id": "url", "property": "search", "value": "?"}]}
    forged["input of another component"] = {**good, "inputs": [{**i, "id": "url"} for i in good["inputs"]]}
    forged["output as a list"] = {**good, "output": [key]}
    forged["output as a number"] = {**good, "output": 7}
    forged["inputs as text"] = {**good, "inputs": "all"}
    forged["changed ids as a dict"] = {**good, "changedPropIds": {"a": 1}}
    forged["not an object"] = [good]
    return forged


@pytest.mark.parametrize("who", [None, "xem", "khac"])
def test_forged_bodies_never_run_a_protected_callback(app, who):
    before = store_fingerprint(store_of(app))
    client = client_as(app, who)
    role = {None: None, "xem": "viewer", "khac": "staff"}[who]
    tried = 0
    for key in protected(app):
        level, _ = callbacks(app)[key]
        may = role is not None and LEVELS.index(role) >= LEVELS.index(level)
        for name, forged in forgeries(app, key).items():
            if may and name == "well formed":
                continue  # allowed by role: covered below (the unit check refuses the write)
            response = client.post("/_dash-update-component", json=forged)
            assert response.status_code in (400, 401, 403), (who, key, name, response.status_code)
            tried += 1
    assert tried > 30
    assert store_fingerprint(store_of(app)) == before


def test_the_viewer_undo_exploit_is_closed(app):
    undo = [k for k, (level, _) in callbacks(app).items() if level == "admin"]
    assert undo
    before = store_fingerprint(store_of(app))
    client = client_as(app, "xem")
    harmless = body(app, next(k for k in app.callback_map if "filter-summary" in k))
    for key in undo:
        forged = {**body(app, key), "outputs": harmless["outputs"]}
        forged["inputs"] = [{**i, "value": 1} for i in forged["inputs"]]
        forged["state"] = [{**s, "value": [{"Phiên bản": 1, "Version": 1}]} for s in forged["state"]]
        assert client.post("/_dash-update-component", json=forged).status_code in (400, 403)
        good = copy.deepcopy(forged)
        good["outputs"] = body(app, key)["outputs"]
        assert client.post("/_dash-update-component", json=good).status_code == 403
    assert store_fingerprint(store_of(app)) == before


def test_well_formed_public_callbacks_still_run(app):
    client = client_as(app, None)
    public = [key for key, (level, _) in callbacks(app).items()
              if level == "public" and ("overview-kpis" in key or "filter-summary" in key)]
    assert len(public) >= 2  # the KPIs' and the filter summary's: the loop below checks something
    for key in public:
        assert client.post("/_dash-update-component", json=body(app, key)).status_code in (200, 204), key


def test_pattern_matching_callback_accepts_concrete_ids_only(app):
    key = next(k for k in app.callback_map if k.startswith('{"graph"'))
    good = body(app, key)
    concrete = {"graph": ids.ACTIVITY_CHART, "type": "download", "view": "activity"}
    good["outputs"] = {"id": concrete, "property": "data"}
    good["inputs"] = [{"id": {**concrete, "type": t}, "property": "n_clicks", "value": None}
                      for t in ("export-csv", "export-xlsx")]
    good["state"] = [{"id": {**concrete, "type": "export-data"} if "export-data" in s["id"] else s["id"],
                      "property": s["property"], "value": None} for s in good["state"]]
    good["changedPropIds"] = [json.dumps({**concrete, "type": "export-csv"}, sort_keys=True, separators=(",", ":"))
                              + ".n_clicks"]
    client = client_as(app, None)
    response = client.post("/_dash-update-component", json=good)
    assert response.status_code == 200 and "filename" in response.get_data(as_text=True)
    unknown_view = copy.deepcopy(good)
    for item in [unknown_view["outputs"], *unknown_view["inputs"]]:
        item["id"]["view"] = "no-such-view"
    assert client.post("/_dash-update-component", json=unknown_view).status_code in (200, 204)
    wrong_type = copy.deepcopy(good)
    wrong_type["outputs"]["id"]["graph"] = {"$ne": 1}
    assert client.post("/_dash-update-component", json=wrong_type).status_code == 400
    wrong_fixed = copy.deepcopy(good)
    wrong_fixed["outputs"]["id"]["type"] = "upload"
    assert client.post("/_dash-update-component", json=wrong_fixed).status_code == 400


def test_staff_of_another_unit_cannot_write_through_the_upload_callback(app, sample_dir):
    before = store_of(app)
    fingerprint = store_fingerprint(before)
    client = client_as(app, "khac")
    files = sorted(sample_dir.glob("2023-Q2_*.csv"))
    values = {ids.UPLOAD: ["data:text/csv;base64," + base64.b64encode(f.read_bytes()).decode() for f in files],
              ids.UPLOAD_UNIT: UNIT, ids.LANG: "vi"}
    key = next(k for k, spec in app.callback_map.items() if getattr(spec.get("callback"), "__name__", "") == "start_commit")
    request = callback_request(app, ids.UPLOAD_CONFIRM, key=key, values={**values, ids.UPLOAD_CONFIRM: 1})
    request["state"][1]["value"] = [f.name for f in files]
    response = client.post("/_dash-update-component", json=request)
    assert response.status_code == 200
    job = json.loads(response.get_data(as_text=True))["response"][ids.UPLOAD_JOB]["data"]
    folder = jobs.jobs_dir(before)
    deadline = time.monotonic() + 120
    record = jobs.read(folder, job, "khac")
    while record["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
        record = jobs.read(folder, job, "khac")
    assert record["state"] == "done" and record["result"]["problems"]
    assert store_fingerprint(before) == fingerprint
    assert jobs.read(folder, job, "lan") is None  # another user cannot read the job
