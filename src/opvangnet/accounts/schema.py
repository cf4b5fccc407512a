"""OpenAPI descriptions of Opvangnet's two ways to call the API (drf-spectacular finds them on import)."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "opvangnet.accounts.tokens.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token opv_…`: made on the API tokens page; it expires and can be revoked.",
        }


class VerifiedSessionScheme(OpenApiAuthenticationExtension):
    target_class = "opvangnet.accounts.tokens.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "A browser session after logging in with both factors.",
        }
