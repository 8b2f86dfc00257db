"""Writing docs/evaluation.json keeps what another run wrote while this one measured."""

import json

from eval.__main__ import _merge_into_latest


def test_a_run_writes_only_the_parts_it_measured_over_the_file_as_it_is_now(tmp_path):
    path = tmp_path / "evaluation.json"
    loaded = {"machine": "2 cores", "intents": {"en": 0.9}, "measured": {"quality": "monday"}}
    # Meanwhile another run re-measured the intents and added the load part.
    path.write_text(json.dumps({"machine": "2 cores", "intents": {"en": 0.95}, "load": [1],
                                "measured": {"quality": "tuesday", "load": "tuesday"}}))
    this_run = {"machine": "2 cores", "intents": {"en": 0.9}, "realistic": {"en": {}},
                "measured": {"quality": "monday", "realistic": "wednesday"}}

    merged = _merge_into_latest(path, loaded, this_run)

    assert merged == {"machine": "2 cores", "intents": {"en": 0.95}, "load": [1],
                      "realistic": {"en": {}},
                      "measured": {"quality": "tuesday", "load": "tuesday",
                                   "realistic": "wednesday"}}
