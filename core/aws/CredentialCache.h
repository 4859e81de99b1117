// SPDX-License-Identifier: GPL-3.0-or-later
// CredentialCache: temporary credentials kept in memory until shortly before they expire.
#pragma once

#include "aws/AsyncResult.h"
#include "aws/ResolvedCredentials.h"

#include <QHash>
#include <QList>
#include <QMutex>

#include <memory>

namespace signet::aws {

// Keyed by whatever identifies a resolution (profile and files). Credentials with an expiry are
// reused until `kRefreshMarginSeconds` before it; long-term keys are never kept, so edits to the
// files are seen at once. While one fetch for a key is running, further callers wait for it rather
// than starting their own: however many panels ask, STS or SSO is called once.
class CredentialCache final
{
public:
    static constexpr qint64 kRefreshMarginSeconds = 5 * 60;
    using Fetch = std::function<void(ResultCallback<ResolvedCredentials>)>;

    // The process-wide cache CredentialChain uses unless given another.
    static std::shared_ptr<CredentialCache> global();

    void get(const QString &key, const QDateTime &now, const Fetch &fetch,
             ResultCallback<ResolvedCredentials> done);
    void clear();
    // How many fetches were started; for tests.
    int fetchCount() const;

private:
    void finish(const QString &key, const Result<ResolvedCredentials> &result);

    mutable QMutex m_mutex;
    QHash<QString, ResolvedCredentials> m_entries;
    QHash<QString, QList<ResultCallback<ResolvedCredentials>>> m_waiting;
    int m_fetches = 0;
};

} // namespace signet::aws
