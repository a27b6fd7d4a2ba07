"""Optional OpenID Connect login (authorization-code flow with PKCE and discovery), stdlib only.

Enabled only when PRAKTIJKBANK_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET are all set. The e-mail
claim of the ID token is mapped to an existing, active account (an administrator creates accounts
and roles; an unknown e-mail address is refused, never created).

The ID token comes straight from the provider's token endpoint over TLS, so (OpenID Connect Core
3.1.3.7) TLS authenticates it and its signature is not checked; issuer, audience, expiry and nonce
are. That keeps this module free of a JWT/crypto dependency.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Mapping

TIMEOUT = 10
ENV = ("PRAKTIJKBANK_OIDC_ISSUER", "PRAKTIJKBANK_OIDC_CLIENT_ID", "PRAKTIJKBANK_OIDC_CLIENT_SECRET")


class OIDCError(Exception):
    pass


@dataclass(frozen=True)
class OIDCConfig:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid email profile"

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def _local(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    return host in ("localhost", "127.0.0.1", "::1")


def config_from_env(environ: Mapping[str, str] | None = None) -> OIDCConfig | None:
    """The configuration, or None when OIDC is not configured (all three variables unset or empty).

    A half configuration is an error rather than silently off: the operator meant to turn it on.
    """
    environ = os.environ if environ is None else environ
    values = [environ.get(name, "").strip() for name in ENV]
    if not any(values):
        return None
    missing = [name for name, value in zip(ENV, values) if not value]
    if missing:
        raise OIDCError("OpenID Connect is half ingesteld; ontbreekt: " + ", ".join(missing))
    issuer = values[0].rstrip("/")
    parts = urllib.parse.urlsplit(issuer)
    if not parts.netloc or (parts.scheme != "https" and not (parts.scheme == "http" and _local(issuer))):
        raise OIDCError("PRAKTIJKBANK_OIDC_ISSUER moet een https://-adres zijn")
    scopes = environ.get("PRAKTIJKBANK_OIDC_SCOPES", "").strip() or "openid email profile"
    return OIDCConfig(issuer=issuer, client_id=values[1], client_secret=values[2], scopes=scopes)


def _fetch_json(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> dict[str, Any]:
    req = urllib.request.Request(url, data=data, headers={"Accept": "application/json", **(headers or {})})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310 (https checked in config)
        return json.loads(resp.read().decode("utf-8"))


Fetcher = Callable[..., dict[str, Any]]
_metadata: dict[str, tuple[float, dict[str, Any]]] = {}


def discover(config: OIDCConfig, fetch: Fetcher = _fetch_json, max_age: float = 3600) -> dict[str, Any]:
    """The provider's metadata (cached for an hour); its issuer must be the configured one."""
    cached = _metadata.get(config.issuer)
    if cached and time.time() - cached[0] < max_age:
        return cached[1]
    meta = fetch(config.discovery_url)
    if meta.get("issuer", "").rstrip("/") != config.issuer:
        raise OIDCError("de issuer in de discovery klopt niet met de instelling")
    for key in ("authorization_endpoint", "token_endpoint"):
        if not str(meta.get(key, "")).startswith(("https://", "http://")):
            raise OIDCError(f"de discovery mist {key}")
    _metadata[config.issuer] = (time.time(), meta)
    return meta


def new_flow() -> dict[str, str]:
    """The secrets of one login attempt, kept in the session until the provider sends the user back."""
    verifier = secrets.token_urlsafe(48)
    return {"state": secrets.token_urlsafe(24), "nonce": secrets.token_urlsafe(24), "verifier": verifier}


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def authorization_url(config: OIDCConfig, meta: dict[str, Any], redirect_uri: str, flow: dict[str, str]) -> str:
    query = urllib.parse.urlencode({
        "response_type": "code", "client_id": config.client_id, "redirect_uri": redirect_uri,
        "scope": config.scopes, "state": flow["state"], "nonce": flow["nonce"],
        "code_challenge": _challenge(flow["verifier"]), "code_challenge_method": "S256",
    })
    endpoint = meta["authorization_endpoint"]
    return endpoint + ("&" if "?" in endpoint else "?") + query


def exchange_code(config: OIDCConfig, meta: dict[str, Any], code: str, redirect_uri: str, flow: dict[str, str],
                  fetch: Fetcher = _fetch_json) -> dict[str, Any]:
    body = urllib.parse.urlencode({
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "code_verifier": flow["verifier"],
    }).encode()
    basic = base64.b64encode(f"{urllib.parse.quote(config.client_id)}:{urllib.parse.quote(config.client_secret)}"
                             .encode()).decode()
    return fetch(meta["token_endpoint"], data=body,
                 headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": f"Basic {basic}"})


def claims_of(id_token: str) -> dict[str, Any]:
    try:
        payload = id_token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as exc:
        raise OIDCError("ongeldig ID-token") from exc


def email_from(tokens: dict[str, Any], config: OIDCConfig, nonce: str, now: float | None = None) -> str:
    """The verified e-mail address in the ID token, after checking issuer, audience, expiry and nonce."""
    claims = claims_of(str(tokens.get("id_token", "")))
    now = time.time() if now is None else now
    aud = claims.get("aud")
    audiences = aud if isinstance(aud, list) else [aud]
    if str(claims.get("iss", "")).rstrip("/") != config.issuer:
        raise OIDCError("verkeerde issuer")
    if config.client_id not in audiences:
        raise OIDCError("het token is niet voor deze applicatie")
    if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] < now - 60:
        raise OIDCError("het token is verlopen")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OIDCError("verkeerde nonce")
    email = str(claims.get("email", "")).strip().lower()
    if not email or claims.get("email_verified") is False:
        raise OIDCError("de provider gaf geen bevestigd e-mailadres")
    return email
