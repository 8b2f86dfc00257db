"""Run ``rasa data validate`` and fail on every warning that is a real problem.

Rasa 3.6's validator warns about each response that no story or rule names, including
the ones only custom actions send and the ``utter_ask_<slot>`` questions forms send.
Those are checked here instead: a response must be named in ``actions/`` or be a form's
question. Any other warning, or a response used nowhere, fails the check.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_UNUSED = re.compile(r"The utterance '(utter_\w+)' is not used in any story or rule")
# Intents the hub raises through Rasa's API have no training examples, by design.
_EXTERNAL_INTENT = re.compile(r"The intent 'EXTERNAL_\w+' is (listed|used) in .* not .*(NLU|training)")
# Rasa's own validation warnings; third-party deprecation noise is not ours to fix here.
_RASA_WARNING = re.compile(r"rasa/shared/utils/io\.py:\d+: \w*Warning:|WARNING\s+rasa\.validator")


def responses_used_outside_dialogues(root: Path = ROOT) -> set[str]:
    """Return responses that actions send or that forms ask with."""
    action_source = "\n".join(p.read_text() for p in (root / "actions").glob("*.py"))
    named_in_actions = set(re.findall(r"utter_\w+", action_source))
    # Responses picked by transfer kind, e.g. f"utter_{kind}_on_track" (actions/transfers.py).
    for suffix in re.findall(r'f"utter_\{kind\}(_\w+)"', action_source):
        named_in_actions.update({f"utter_deposit{suffix}", f"utter_withdrawal{suffix}"})
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    form_questions = {
        f"utter_ask_{slot}"
        for form in (domain.get("forms") or {}).values()
        for slot in form.get("required_slots", [])
    }
    # Rasa's own action_default_fallback (the core fallback in config.yml) sends it.
    rasa_defaults = {"utter_default"}
    return named_in_actions | form_questions | rasa_defaults


def main() -> int:
    """Validate the project's data; print the problems; return the exit code."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT, capture_output=True, text=True,
    )
    output = result.stdout + result.stderr
    allowed = responses_used_outside_dialogues()
    problems = []
    for line in output.splitlines():
        unused = _UNUSED.search(line)
        if unused:
            if unused.group(1) not in allowed:
                problems.append(f"response {unused.group(1)} is used nowhere")
        elif _EXTERNAL_INTENT.search(line):
            continue
        elif _RASA_WARNING.search(line):
            problems.append(line.strip())
    if result.returncode != 0:
        problems.append(f"rasa data validate exited with {result.returncode}")
    for problem in problems:
        print(problem)
    print("validation passed" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
