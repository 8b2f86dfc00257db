"""Command line: ``python -m kb_index build`` and ``python -m kb_index search "question"``."""

from __future__ import annotations

import argparse
import logging
import sys

from kb_index.build import build_index
from kb_index.errors import KnowledgeBaseError
from kb_index.search import KnowledgeBase
from kb_index.settings import KBSettings


def main(argv: list[str] | None = None) -> int:
    """Run the knowledge-base command line."""
    parser = argparse.ArgumentParser(prog="python -m kb_index")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="build or update the index from data/faq/")
    search = sub.add_parser("search", help="search the built index")
    search.add_argument("query")
    search.add_argument("--language", choices=["en", "zh"])
    search.add_argument("-k", type=int, default=3)
    search.add_argument("--mode", choices=["hybrid", "dense", "lexical"], default="hybrid")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = KBSettings()
    try:
        if args.command == "build":
            report = build_index(settings)
            if report.unchanged:
                print(f"index {report.version} is up to date ({report.articles} articles)")
            else:
                print(
                    f"built {report.version}: {report.articles} articles, {report.passages} "
                    f"passages ({report.index_type}); embedded {report.embedded_articles}, "
                    f"reused {report.reused_articles}, removed {report.removed_articles} "
                    f"in {report.seconds:.1f} s"
                )
        else:
            kb = KnowledgeBase.load(settings)
            for hit in kb.search(args.query, args.language, args.k, args.mode):
                print(f"{hit.confidence:.3f}  {hit.article_id} [{hit.language}]  {hit.title}")
    except KnowledgeBaseError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
