// SPDX-License-Identifier: GPL-3.0-or-later
// Writers for tst_profilestore_concurrency. `profilestore_writer PATH` reads lines on stdin; for each
// one it forks a writer process that adds profiles to the store at PATH as fast as it can, saying
// "ready PID" after the first, until it is killed (SIGKILL mid-save is the point). Forking from here,
// rather than starting a program per writer, keeps each trial to a few milliseconds. This process
// reaps each writer at once (a dead writer must not linger as a zombie: its lock would look held)
// and reports how it ended: "killed SIGNAL" or "exited CODE". End of input ends it.
#include "profiles/ProfileStore.h"

#include <QCoreApplication>

#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

using namespace signet::profiles;
using signet::Engine;

namespace {

[[noreturn]] void writeUntilKilled(const QString &path)
{
    ProfileStore store(path);
    if (!store.load())
        _exit(1);
    const QString prefix = QStringLiteral("writer-%1-").arg(QCoreApplication::applicationPid());
    for (int n = 0;; ++n) {
        ConnectionProfile profile = ConnectionProfile::create(prefix + QString::number(n), Engine::MySql);
        profile.host = QStringLiteral("writer.c9xyz.eu-west-1.rds.amazonaws.com");
        profile.dbUser = QStringLiteral("app");
        profile.notes = QString(512, u'x'); // a file big enough that a write takes a while
        if (auto added = store.add(profile); !added) {
            std::fprintf(stderr, "%s\n", qPrintable(added.error().toString()));
            std::fflush(stderr);
            _exit(1);
        }
        if (n == 0) {
            std::printf("ready %lld\n", static_cast<long long>(getpid()));
            std::fflush(stdout);
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    const QString path = QString::fromLocal8Bit(argv[1]);
    char line[64];
    while (std::fgets(line, sizeof line, stdin)) {
        std::fflush(stdout);
        const pid_t writer = fork();
        if (writer < 0)
            return 1;
        if (writer == 0) {
            // Never outlive this process (a test that stops early kills it).
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (getppid() == 1)
                _exit(1);
            writeUntilKilled(path);
        }
        int status = 0;
        if (waitpid(writer, &status, 0) != writer)
            return 1;
        if (WIFSIGNALED(status))
            std::printf("killed %d\n", WTERMSIG(status));
        else
            std::printf("exited %d\n", WEXITSTATUS(status));
        std::fflush(stdout);
    }
    return 0;
}
