"""`Authorization: Token <key>`: the token's person, limited to its Zones and scopes."""

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from peoplezones.api.models import Token, digest


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, Token] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the key after 'Token ', with no spaces.")
        token = (
            Token.objects.select_related("user")
            .filter(key_hash=digest(header[1].decode(errors="replace")))
            .first()
        )
        if token is None or token.revoked_at is not None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("This token is not valid or was revoked.")
        Token.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Requests per token (PZ_API_TOKEN_RATE), whoever the token belongs to."""

    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if isinstance(request.auth, Token):
            return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
        return None


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token (drf-spectacular finds it by subclassing)."""

    target_class = "peoplezones.api.auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "'Token ' followed by the key issued for a person, some Zones and scopes.",
        }
