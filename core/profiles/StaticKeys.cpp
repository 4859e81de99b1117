// SPDX-License-Identifier: GPL-3.0-or-later
// StaticKeys: the keychain entry of a key pair, written and read without copies of the secret.
#include "profiles/StaticKeys.h"

#include <openssl/crypto.h>

namespace signet::profiles {

namespace {

// Appends `value` as the body of a JSON string.
void appendJsonString(QByteArray &out, QByteArrayView value)
{
    static constexpr char hex[] = "0123456789abcdef";
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (byte < 0x20) {
            out.append("\\u00");
            out.append(hex[byte >> 4]);
            out.append(hex[byte & 0xf]);
        } else {
            out.append(c);
        }
    }
}

// Wipes a QByteArray that held secret bytes before it is released.
void wipe(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

// The body of the JSON string value of `field` in a flat object, unescaped; false when absent or
// malformed. Enough for the one shape this file writes (and QJsonDocument's compact output of it).
bool readJsonString(QByteArrayView json, QByteArrayView field, QByteArray &out)
{
    QByteArray quoted;
    quoted.append('"');
    quoted.append(field.data(), field.size());
    quoted.append('"');
    qsizetype at = json.indexOf(quoted);
    if (at < 0)
        return false;
    at += quoted.size();
    while (at < json.size() && (json[at] == ' ' || json[at] == ':' || json[at] == '\n' || json[at] == '\t'))
        ++at;
    if (at >= json.size() || json[at] != '"')
        return false;
    ++at;
    out.reserve(json.size());
    for (; at < json.size(); ++at) {
        const char c = json[at];
        if (c == '"')
            return true;
        if (c != '\\') {
            out.append(c);
            continue;
        }
        if (++at >= json.size())
            return false;
        switch (json[at]) {
        case 'n':
            out.append('\n');
            break;
        case 't':
            out.append('\t');
            break;
        case 'r':
            out.append('\r');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'u': {
            // Only control characters are escaped this way by the writers of this entry.
            if (at + 4 >= json.size())
                return false;
            bool ok = false;
            const int code = QByteArray(json.data() + at + 1, 4).toInt(&ok, 16);
            if (!ok || code > 0x7f)
                return false;
            out.append(char(code));
            at += 4;
            break;
        }
        default:
            out.append(json[at]);
        }
    }
    return false;
}

} // namespace

SecretString StaticKeys::encode() const
{
    QByteArray bytes;
    bytes.reserve(64 + accessKeyId.size() + 2 * secretAccessKey.size());
    bytes.append(R"({"accessKeyId":")");
    appendJsonString(bytes, accessKeyId.toUtf8());
    bytes.append(R"(","secretAccessKey":")");
    appendJsonString(bytes, secretAccessKey.reveal());
    bytes.append(R"("})");
    return SecretString::adopt(std::move(bytes));
}

Result<StaticKeys> StaticKeys::decode(const SecretString &stored)
{
    QByteArray id;
    QByteArray secret;
    StaticKeys keys;
    if (readJsonString(stored.reveal(), "accessKeyId", id) &&
        readJsonString(stored.reveal(), "secretAccessKey", secret)) {
        keys.accessKeyId = QString::fromUtf8(id);
        keys.secretAccessKey = SecretString::adopt(std::move(secret));
    }
    wipe(secret);
    if (!keys.isComplete())
        return makeError(QStringLiteral("credentials.bad-static-keys"),
                         QStringLiteral("the keys stored for this profile are incomplete"),
                         QStringLiteral("Enter the access key id and secret again in the profile."));
    return keys;
}

aws::Credentials StaticKeys::toCredentials() const
{
    aws::Credentials credentials;
    credentials.accessKeyId = accessKeyId;
    credentials.secretAccessKey = secretAccessKey;
    credentials.source = QStringLiteral("static-keys:keychain");
    return credentials;
}

} // namespace signet::profiles
