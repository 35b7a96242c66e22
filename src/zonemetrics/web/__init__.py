"""The web app: server-rendered pages and a JSON API, read-only over a store.

Importing this package is cheap; FastAPI, Jinja2 and the data layers are imported by
`zonemetrics.web.app.create_app`, which the `serve` command calls.
"""
