#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain why there is none.
# Rasa Open Source 3.6 runs on Python 3.8-3.10 only; this project uses 3.10.
# Looks, in order, at: $PYTHON, python3.10 on the PATH, pyenv's 3.10 versions.
set -euo pipefail

is_310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.|$)' | sort -Vr); do
    candidates+=("$(pyenv root)/versions/$version/bin/python3.10")
  done
fi
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*; do
  [ -d "$dir" ] && candidates+=("$dir/bin/python3.10")
done

for candidate in "${candidates[@]}"; do
  if is_310 "$candidate"; then
    echo "$candidate"
    exit 0
  fi
done

cat >&2 <<'MSG'
error: no Python 3.10 interpreter found.
Rasa Open Source 3.6 needs Python 3.8-3.10; this project is tested on 3.10.
Install one (for example `pyenv install 3.10.13`, or your system's python3.10 package),
or point to it: make run PYTHON=/path/to/python3.10
MSG
exit 1
