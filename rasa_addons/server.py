"""Rasa's command line with the project's speed-ups: ``python -m rasa_addons.server run ...``.

It takes exactly the arguments ``rasa`` takes; the speed-ups are installed first, in the
process that then serves (``rasa run`` serves in its own process, one Sanic worker).
"""

from __future__ import annotations

from rasa_addons import speedups


def main() -> None:
    """Install the speed-ups, then run Rasa's own CLI on this process's arguments."""
    speedups.install()
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
