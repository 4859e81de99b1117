// SPDX-License-Identifier: GPL-3.0-or-later
// InterruptWait: a self-pipe turns SIGINT/SIGTERM into an event the loop can act on.
#include "cli/InterruptWait.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace signet::cli {

namespace {

#ifdef Q_OS_UNIX
int g_pipe[2] = {-1, -1};
constexpr unsigned char kFromProcess = 0x80;

// One byte per signal: its number, with kFromProcess when kill() sent it. Handlers are reset to the
// default on exec, so a client started meanwhile gets its signals as usual.
void onSignal(int number, siginfo_t *info, void *)
{
    const bool fromProcess = info && (info->si_code == SI_USER || info->si_code == SI_QUEUE);
    const unsigned char byte = (unsigned char)(number & 0x7f) | (fromProcess ? kFromProcess : 0);
    [[maybe_unused]] const auto written = ::write(g_pipe[1], &byte, 1);
}
#endif

} // namespace

void onInterruptSignal(QObject *context, std::function<void(Interrupt)> handler)
{
#ifdef Q_OS_UNIX
    if (g_pipe[0] < 0) {
        if (::pipe(g_pipe) != 0)
            return;
        for (int end : g_pipe)
            ::fcntl(end, F_SETFD, FD_CLOEXEC);
        // Never block the loop when another notifier already took the byte.
        ::fcntl(g_pipe[0], F_SETFL, ::fcntl(g_pipe[0], F_GETFL) | O_NONBLOCK);
        struct sigaction action
        {};
        action.sa_sigaction = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART | SA_SIGINFO;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
        signal(SIGPIPE, SIG_IGN);
    }
    auto *notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, context);
    QObject::connect(notifier, &QSocketNotifier::activated, context, [handler = std::move(handler)] {
        unsigned char byte = 0;
        while (::read(g_pipe[0], &byte, 1) == 1)
            handler(Interrupt{byte & 0x7f, (byte & kFromProcess) != 0});
    });
#else
    Q_UNUSED(context);
    Q_UNUSED(handler);
#endif
}

void onInterrupt(QObject *context, std::function<void()> handler)
{
    onInterruptSignal(context, [handler = std::move(handler)](Interrupt) { handler(); });
}

int runUntilInterrupted()
{
    QObject context;
    onInterrupt(&context, [] { QCoreApplication::exit(0); });
    return QCoreApplication::exec();
}

} // namespace signet::cli
