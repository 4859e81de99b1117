// SPDX-License-Identifier: GPL-3.0-or-later
// PgMessages: the PostgreSQL login-phase messages Signet writes or reads (the check, the proxy); pure
// functions.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace signet::wire::pg {

// The request codes of the untyped first messages (after the 4-byte length).
constexpr quint32 SslRequestCode = 80877103;
constexpr quint32 GssEncRequestCode = 80877104;
constexpr quint32 CancelRequestCode = 80877102;
constexpr quint32 ProtocolV3 = 0x00030000;

// AuthenticationRequest codes ('R').
enum AuthCode : quint32
{
    AuthOk = 0,
    AuthCleartextPassword = 3,
    AuthMd5Password = 5,
    AuthSasl = 10,
};

// The fields of an ErrorResponse/NoticeResponse that the proxy writes.
struct ErrorFields final
{
    QByteArray severity = "FATAL";
    QByteArray sqlState = "08006";
    QString message;
    QString detail;
    QString hint;
};

QByteArray encodeSslRequest();
QByteArray encodeCancelRequest(quint32 processId, quint32 secretKey);
// StartupMessage v3.0 with the parameters in order.
QByteArray encodeStartup(const QList<QPair<QByteArray, QByteArray>> &parameters);
// PasswordMessage ('p') carrying the password and its terminating NUL.
QByteArray encodePassword(QByteArrayView password);
QByteArray encodeBackendKeyData(quint32 processId, quint32 secretKey);
QByteArray encodeAuthOk();
QByteArray encodeError(const ErrorFields &fields);
// A typed message: type, int32 length, body.
QByteArray encodeMessage(char type, QByteArrayView body);

// The code of an 'R' message body; -1 when too short.
qint64 authCode(QByteArrayView body);
// The fields of an ErrorResponse/NoticeResponse body, by their one-letter codes ('S', 'C', 'M' …).
QMap<char, QByteArray> parseFields(QByteArrayView body);
// BackendKeyData's process id and secret key; false when the body is not 8 bytes.
bool parseBackendKeyData(QByteArrayView body, quint32 &processId, quint32 &secretKey);

} // namespace signet::wire::pg
