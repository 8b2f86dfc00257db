"""The widget's files and the demo help-centre pages that embed it."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).resolve().parent / "static"

# URL -> file, for the files host pages link to by name.
_PAGES = {
    "/": "index.html",
    "/zh": "zh.html",
    "/widget.js": "widget.js",
    "/widget.css": "widget.css",
    "/help-center.css": "help-center.css",
    "/help-center.js": "help-center.js",
}
# Directories the widget and the console load modules from; the widget runs on other
# sites' pages, so its modules are fetched cross-origin.
_SHARED_DIRS = {"/static/widget": "widget", "/static/shared": "shared"}


def register_pages(app: web.Application) -> None:
    """Serve the widget, its modules and the demo pages."""
    for url, name in _PAGES.items():
        app.router.add_get(url, _file(STATIC / name))
    app.router.add_static("/static/vendor", STATIC / "vendor")
    for url, directory in _SHARED_DIRS.items():
        if (STATIC / directory).is_dir():
            app.router.add_static(url, STATIC / directory)
    app.on_response_prepare.append(_allow_module_imports)


def _file(path: Path):
    async def handler(request: web.Request) -> web.FileResponse:
        return web.FileResponse(path)

    return handler


async def _allow_module_imports(request: web.Request, response: web.StreamResponse) -> None:
    if request.path.startswith(tuple(_SHARED_DIRS)) or request.path == "/widget.js":
        response.headers["Access-Control-Allow-Origin"] = "*"
