#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Resolves credentials with botocore, for Signet's parity tests.

Usage: botocore_credentials.py [PROFILE]   (no PROFILE: botocore.session.Session() as the CLI without
--profile). Prints one JSON object: {"access_key", "token", "method"} or {"error", "type"}.

       botocore_credentials.py --batch IN.json   IN.json is a list of {"env": {NAME: VALUE}, "profile"};
each setup is resolved by a new botocore Session with exactly that environment, one after another
in this process (importing botocore costs far more than resolving). Prints a JSON list of the
objects above, one per setup.

botocore before 1.31 ignores AWS_ENDPOINT_URL_STS / _SSO / _SSO_OIDC; here they are applied to every
client botocore creates, so botocore and Signet talk to the same local server.
"""
import json
import os
import sys

import botocore.credentials
import botocore.session
import botocore.tokens

SERVICE_ENV = {"sts": "AWS_ENDPOINT_URL_STS", "sso": "AWS_ENDPOINT_URL_SSO", "sso-oidc": "AWS_ENDPOINT_URL_SSO_OIDC"}
_original_create_client = botocore.session.Session.create_client


def _create_client(self, service_name, *args, **kwargs):
    url = os.environ.get(SERVICE_ENV.get(service_name, ""), "") or os.environ.get("AWS_ENDPOINT_URL", "")
    if url and not kwargs.get("endpoint_url"):
        kwargs["endpoint_url"] = url
        # Without an endpoint override botocore would use STS's global endpoint, signed for
        # us-east-1; with one it insists on a region, so give it the same one.
        if len(args) < 1 and not kwargs.get("region_name"):
            kwargs["region_name"] = "us-east-1"
    return _original_create_client(self, service_name, *args, **kwargs)


botocore.session.Session.create_client = _create_client


def resolve(profile):
    try:
        session = botocore.session.Session(profile=profile or None)
        credentials = session.get_credentials()
        if credentials is None:
            return {"error": "no credentials", "type": "NoCredentials"}
        frozen = credentials.get_frozen_credentials()
        return {"access_key": frozen.access_key, "token": frozen.token or "", "method": credentials.method}
    except Exception as error:  # every botocore failure is an answer here
        return {"error": str(error), "type": type(error).__name__}


def resolve_with_env(setup):
    """resolve() with exactly the setup's environment, as a fresh process with it would. A new
    Session reads everything again; only the SSO cache directories are fixed from HOME when botocore
    is imported, so they are set again from the new HOME."""
    os.environ.clear()
    os.environ.update(setup["env"])
    cache = os.path.expanduser(os.path.join("~", ".aws", "sso", "cache"))
    botocore.credentials.SSOProvider._SSO_TOKEN_CACHE_DIR = cache
    botocore.tokens.SSOTokenProvider._SSO_TOKEN_CACHE_DIR = cache
    return resolve(setup.get("profile"))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--batch":
        with open(sys.argv[2], encoding="utf-8") as f:
            setups = json.load(f)
        print(json.dumps([resolve_with_env(setup) for setup in setups]))
        return
    print(json.dumps(resolve(sys.argv[1] if len(sys.argv) > 1 else None)))


if __name__ == "__main__":
    main()
