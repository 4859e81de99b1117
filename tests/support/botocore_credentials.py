#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Resolves credentials with botocore, for Signet's parity tests.

Usage: botocore_credentials.py [PROFILE]   (no PROFILE: botocore.session.Session() as the CLI without
--profile). Prints one JSON object: {"access_key", "token", "method"} or {"error", "type"}.

botocore before 1.31 ignores AWS_ENDPOINT_URL_STS / _SSO / _SSO_OIDC; here they are applied to every
client botocore creates, so botocore and Signet talk to the same local server.
"""
import json
import os
import sys

import botocore.session

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


def main():
    profile = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None
    try:
        session = botocore.session.Session(profile=profile)
        credentials = session.get_credentials()
        if credentials is None:
            print(json.dumps({"error": "no credentials", "type": "NoCredentials"}))
            return
        frozen = credentials.get_frozen_credentials()
        print(json.dumps({"access_key": frozen.access_key, "token": frozen.token or "",
                          "method": credentials.method}))
    except Exception as error:  # every botocore failure is an answer here
        print(json.dumps({"error": str(error), "type": type(error).__name__}))


if __name__ == "__main__":
    main()
