"""The NinjaAPI instance: authentication, routers per record type, JSON errors.

The docs page at /api/docs serves swagger-ui from the `ninja` app's static files (it is in
INSTALLED_APPS), so it works offline.
"""

from __future__ import annotations

from ninja import NinjaAPI

from sijill.publishing import public_api

from . import actors, drafts, errors, evidence, incidents, persons, places, sources, vocabularies
from .auth import TokenAuth, WebSessionAuth

api = NinjaAPI(
    title="Sijill API",
    version="1",
    description=(
        "Records of violations against civilians: incidents, persons, sources, actors, places; "
        "reports read into draft incidents (/api/drafts/). "
        "Authenticate with 'Authorization: Bearer <token>' or the web session (with CSRF). "
        "Every list shows only what your clearance allows. "
        "The public incident database (/api/public/) needs no login and shows only published records."
    ),
    auth=[TokenAuth(), WebSessionAuth()],
    urls_namespace="api",
)
errors.register(api)

api.add_router("/incidents/", incidents.router)
api.add_router("/persons/", persons.router)
api.add_router("/sources/", sources.router)
api.add_router("/actors/", actors.router)
api.add_router("/places/", places.router)
api.add_router("/vocabularies/", vocabularies.router)
api.add_router("/evidence/", evidence.router)
api.add_router("/drafts/", drafts.router)
api.add_router("/public/", public_api.router)
