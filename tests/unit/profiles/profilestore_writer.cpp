// SPDX-License-Identifier: GPL-3.0-or-later
// A writer for tst_profilestore_concurrency: adds profiles to the store at argv[1] as fast as it can,
// saying "ready" after the first, until it is killed (SIGKILL mid-save is the point).
#include "profiles/ProfileStore.h"

#include <QCoreApplication>

#include <cstdio>

using namespace signet::profiles;
using signet::Engine;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    ProfileStore store(QString::fromLocal8Bit(argv[1]));
    if (!store.load())
        return 1;
    const QString prefix = QStringLiteral("writer-%1-").arg(QCoreApplication::applicationPid());
    for (int n = 0;; ++n) {
        ConnectionProfile profile = ConnectionProfile::create(prefix + QString::number(n), Engine::MySql);
        profile.host = QStringLiteral("writer.c9xyz.eu-west-1.rds.amazonaws.com");
        profile.dbUser = QStringLiteral("app");
        profile.notes = QString(512, u'x'); // a file big enough that a write takes a while
        if (auto added = store.add(profile); !added) {
            std::fprintf(stderr, "%s\n", qPrintable(added.error().toString()));
            return 1;
        }
        if (n == 0) {
            std::fputs("ready\n", stdout);
            std::fflush(stdout);
        }
    }
}
