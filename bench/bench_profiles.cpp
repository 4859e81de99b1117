// SPDX-License-Identifier: GPL-3.0-or-later
// Profile list at scale: loading 10,000 profiles, and one filter keystroke over them (the proxy alone
// and the real tree panel, which also expands the folders). Targets: load ≤ 100 ms, keystroke ≤ 16 ms.
#include "profiles/ProfileFilterProxy.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"
#include "profiles/ProfileTreePanel.h"

#include <benchmark/benchmark.h>

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QTemporaryDir>

#include <memory>

namespace {

using signet::Engine;
using signet::profiles::ConnectionProfile;
using signet::profiles::ProfileStore;

// N profiles spread over 40 folders, with realistic names, hosts, users and tags.
QByteArray profilesDocument(int count)
{
    QList<ConnectionProfile> profiles;
    profiles.reserve(count);
    const QStringList teams{QStringLiteral("orders"), QStringLiteral("billing"), QStringLiteral("search"),
                            QStringLiteral("identity"), QStringLiteral("ledger")};
    for (int i = 0; i < count; ++i) {
        const QString team = teams.at(i % teams.size());
        ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("%1-%2").arg(team).arg(i),
                                                              i % 2 ? Engine::AuroraPostgres : Engine::MySql);
        profile.folder = QStringLiteral("Team %1").arg(i % 40);
        profile.host = QStringLiteral("%1-%2.cluster-c9xyz.eu-west-1.rds.amazonaws.com").arg(team).arg(i);
        profile.dbUser = QStringLiteral("iam_%1").arg(team);
        profile.tags = {QStringLiteral("env-%1").arg(i % 3), team};
        profiles.append(profile);
    }
    return ProfileStore::serialize(profiles);
}

struct Fixture
{
    QTemporaryDir dir;
    QString path;

    explicit Fixture(int count)
        : path(dir.filePath(QStringLiteral("profiles.json")))
    {
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(profilesDocument(count));
    }
};

void loadProfiles(benchmark::State &state)
{
    const Fixture fixture(int(state.range(0)));
    for (auto _ : state) {
        ProfileStore store(fixture.path);
        auto loaded = store.load();
        if (!loaded || store.profiles().size() != state.range(0))
            state.SkipWithError("load failed");
        benchmark::DoNotOptimize(store.profiles().data());
    }
}
BENCHMARK(loadProfiles)->Arg(10'000)->Unit(benchmark::kMillisecond);

// What the user types, one keystroke per iteration: narrowing, then widening again.
const QStringList kKeystrokes{QStringLiteral("o"),      QStringLiteral("or"),    QStringLiteral("ord"),
                              QStringLiteral("orde"),   QStringLiteral("order"), QStringLiteral("orders-7"),
                              QStringLiteral("orders"), QStringLiteral("ord"),   QStringLiteral("")};

void filterKeystrokeProxy(benchmark::State &state)
{
    const Fixture fixture(int(state.range(0)));
    ProfileStore store(fixture.path);
    (void)store.load();
    signet::ui::ProfileTreeModel model(store);
    signet::ui::ProfileFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(0);
    qsizetype next = 0;
    for (auto _ : state) {
        proxy.setFilterText(kKeystrokes.at(next++ % kKeystrokes.size()));
        benchmark::DoNotOptimize(proxy.rowCount());
    }
}
BENCHMARK(filterKeystrokeProxy)->Arg(10'000)->Unit(benchmark::kMillisecond);

void filterKeystrokeTreePanel(benchmark::State &state)
{
    const Fixture fixture(int(state.range(0)));
    ProfileStore store(fixture.path);
    (void)store.load();
    signet::ui::ProfileTreePanel panel(store);
    panel.resize(300, 700);
    panel.show();
    QCoreApplication::processEvents();
    qsizetype next = 0;
    for (auto _ : state) {
        panel.filterEdit()->setText(kKeystrokes.at(next++ % kKeystrokes.size()));
        QCoreApplication::processEvents(); // layout and the repaint of the visible rows
    }
}
BENCHMARK(filterKeystrokeTreePanel)->Arg(10'000)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
