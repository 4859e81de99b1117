#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference RDS IAM auth tokens from botocore, for tst_botocore_parity.

Usage: botocore_tokens.py IN.json OUT.json

IN.json is a list of objects: host, port, region, user, accessKeyId, secretAccessKey,
sessionToken (string or null), signingTime ("YYYYMMDDTHHMMSSZ", UTC), expiresIn (seconds).
OUT.json: {"botocore": version, "crt": bool, "results": [...]}, one result per case:
{"token": ..., "crtToken": ...} or {"error": ...}.

"token" is botocore's own SigV4 implementation (botocore/auth.py: SigV4QueryAuth), which is what
`pip install boto3` runs. When awscrt is installed (the Debian awscli package pulls it in, and
boto3[crt] does too) botocore switches to its CRT signer, which emits the same signature but puts
X-Amz-SignedHeaders before X-Amz-Expires; this script forces the pure-Python signer for "token"
and, when awscrt is present, also reports the CRT signer's token as "crtToken".

botocore reads the clock with datetime.datetime.utcnow() inside botocore.auth, so the clock is
pinned by giving botocore.auth a datetime module whose utcnow() returns the requested time.
With expiresIn == 900 the token comes from RDS.Client.generate_db_auth_token itself; other
values go through the same request dict and RequestSigner.generate_presigned_url call that
generate_db_auth_token makes (it hard-codes 900).
"""
import datetime
import json
import sys
import types

try:
    import botocore
    import botocore.auth
    import botocore.credentials
    import botocore.session
    from botocore.awsrequest import prepare_request_dict
except ImportError as exc:  # pragma: no cover - reported to the C++ test
    sys.stderr.write("botocore is not importable: %s\n" % exc)
    sys.exit(3)


class _PinnedClock:
    now = datetime.datetime(2015, 8, 30, 12, 36, 0)


class _PinnedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return _PinnedClock.now

    @classmethod
    def now(cls, tz=None):
        if tz is None:
            return _PinnedClock.now
        return _PinnedClock.now.replace(tzinfo=datetime.timezone.utc).astimezone(tz)


_PINNED = types.SimpleNamespace(datetime=_PinnedDatetime, timedelta=datetime.timedelta, timezone=datetime.timezone)
botocore.auth.datetime = _PINNED

_PURE_SIGNERS = {
    'v4': botocore.auth.SigV4Auth,
    'v4-query': botocore.auth.SigV4QueryAuth,
    's3v4': botocore.auth.S3SigV4Auth,
    's3v4-query': botocore.auth.S3SigV4QueryAuth,
}
try:
    import botocore.crt.auth as _crt_auth

    _crt_auth.datetime = _PINNED
    _CRT_SIGNERS = dict(_crt_auth.CRT_AUTH_TYPE_MAPS) if botocore.auth.HAS_CRT else None
except ImportError:
    _CRT_SIGNERS = None


def _use_signers(signers):
    botocore.auth.AUTH_TYPE_MAPS.update(signers)


def _token_with_expiry(client, host, port, user, region, expires_in):
    # Mirrors botocore.signers.generate_db_auth_token, with expires_in as a parameter.
    request_dict = {
        'url_path': '/',
        'query_string': '',
        'headers': {},
        'body': {'Action': 'connect', 'DBUser': user},
        'method': 'GET',
    }
    scheme = 'https://'
    prepare_request_dict(request_dict, f'{scheme}{host}:{port}')
    url = client._request_signer.generate_presigned_url(
        operation_name='connect',
        request_dict=request_dict,
        region_name=region,
        expires_in=expires_in,
        signing_name='rds-db',
    )
    return url[len(scheme):]


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1], encoding='utf-8') as f:
        cases = json.load(f)
    session = botocore.session.get_session()
    out = []
    for case in cases:
        try:
            _PinnedClock.now = datetime.datetime.strptime(case['signingTime'], '%Y%m%dT%H%M%SZ')
            result = {'token': _token(session, case, _PURE_SIGNERS)}
            if _CRT_SIGNERS is not None:
                result['crtToken'] = _token(session, case, _CRT_SIGNERS)
            out.append(result)
        except Exception as exc:  # one bad case must not hide the others
            out.append({'error': '%s: %s' % (type(exc).__name__, exc)})
    with open(sys.argv[2], 'w', encoding='utf-8') as f:
        json.dump({'botocore': botocore.__version__, 'crt': _CRT_SIGNERS is not None, 'results': out},
                  f, ensure_ascii=False)
    return 0


# create_client costs about 10 ms (it builds the whole RDS API), signing a fraction of one: one client
# per region is kept and given each case's credentials as create_client does (a Credentials object
# on its request signer). Every _FRESH_EVERY-th case is also signed by a fresh client, which must
# give the same token.
_CLIENTS = {}
_FRESH_EVERY = 25
_calls = 0


def _token(session, case, signers):
    global _calls
    _use_signers(signers)
    client = _CLIENTS.get(case['region'])
    if client is None:
        client = _CLIENTS[case['region']] = session.create_client('rds', region_name=case['region'])
    client._request_signer._credentials = botocore.credentials.Credentials(
        case['accessKeyId'], case['secretAccessKey'], case.get('sessionToken'))
    token = _token_with_client(client, case)
    _calls += 1
    if _calls % _FRESH_EVERY == 1:
        fresh = session.create_client(
            'rds',
            region_name=case['region'],
            aws_access_key_id=case['accessKeyId'],
            aws_secret_access_key=case['secretAccessKey'],
            aws_session_token=case.get('sessionToken'),
        )
        if _token_with_client(fresh, case) != token:
            raise RuntimeError('a kept RDS client signs differently from a fresh one')
    return token


def _token_with_client(client, case):
    expires = int(case.get('expiresIn', 900))
    if expires != 900:
        return _token_with_expiry(client, case['host'], case['port'], case['user'], case['region'], expires)
    token = client.generate_db_auth_token(
        DBHostname=case['host'], Port=case['port'], DBUsername=case['user'], Region=case['region'])
    # Keep the expiry path honest: it must agree with botocore's own function.
    again = _token_with_expiry(client, case['host'], case['port'], case['user'], case['region'], 900)
    if again != token:
        raise RuntimeError('expiry path disagrees with generate_db_auth_token')
    return token


if __name__ == '__main__':
    sys.exit(main())
