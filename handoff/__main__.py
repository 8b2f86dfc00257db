"""Command line: ``python -m handoff create-agent USERNAME`` and friends."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import secrets
import sys
from contextlib import asynccontextmanager

from desk.errors import DeskError, NotFound
from handoff.agents import AgentDirectory
from handoff.models import Role
from storage.engine import create_engine, migrate
from storage.settings import DatabaseSettings


@asynccontextmanager
async def _directory(url: str):
    engine = create_engine(url)
    try:
        yield AgentDirectory(engine)
    finally:
        await engine.dispose()


async def _create(url: str, username: str, display_name: str, password: str, limit: int,
                  role: Role) -> None:
    async with _directory(url) as directory:
        agent = await directory.create(username, display_name, password, limit, role)
    print(f"created {agent.role.value} {agent.username} ({agent.display_name}), id {agent.id}")


async def _password(url: str, username: str, password: str) -> None:
    async with _directory(url) as directory:
        await directory.set_password(username, password)
    print(f"new password for {username}; their open sessions have ended")


async def _role(url: str, username: str, role: Role) -> None:
    async with _directory(url) as directory:
        await directory.set_role(username, role)
    print(f"{username} is now a {role.value}")


async def _demo(url: str) -> None:
    """Create the demo agent, or give it a fresh password; print how to log in."""
    password = secrets.token_urlsafe(9)
    async with _directory(url) as directory:
        try:
            await directory.set_password("demo", password)
        except NotFound:
            await directory.create("demo", "Demo Agent", password, 5, Role.SUPERVISOR)
    print(f"demo agent: username demo, password {password}")


def main(argv: list[str] | None = None) -> int:
    """Run the command."""
    parser = argparse.ArgumentParser(prog="python -m handoff")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-agent", help="create an agent account")
    create.add_argument("username")
    create.add_argument("--display-name")
    create.add_argument("--max-concurrent", type=int, default=3)
    create.add_argument("--password", help="read from a prompt when left out")
    create.add_argument("--role", choices=[r.value for r in Role], default=Role.AGENT.value,
                        help="supervisors see every conversation and the audit log")
    password = sub.add_parser("set-password", help="give an agent a new password")
    password.add_argument("username")
    password.add_argument("--password", help="read from a prompt when left out")
    role = sub.add_parser("set-role", help="make an agent a supervisor, or an agent again")
    role.add_argument("username")
    role.add_argument("role", choices=[r.value for r in Role])
    sub.add_parser("demo-agent", help="create or reset the demo agent, print its password")
    sub.add_parser("migrate", help="bring the database schema up to date")
    args = parser.parse_args(argv)

    url = DatabaseSettings().database_url
    migrate(url)
    try:
        if args.command == "create-agent":
            password = args.password or getpass.getpass("password: ")
            asyncio.run(_create(url, args.username, args.display_name or args.username,
                                password, args.max_concurrent, Role(args.role)))
        elif args.command == "set-password":
            password = args.password or getpass.getpass("new password: ")
            asyncio.run(_password(url, args.username, password))
        elif args.command == "set-role":
            asyncio.run(_role(url, args.username, Role(args.role)))
        elif args.command == "demo-agent":
            asyncio.run(_demo(url))
    except DeskError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
