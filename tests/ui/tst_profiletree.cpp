// SPDX-License-Identifier: GPL-3.0-or-later
// ProfileTreeModel + ProfileFilterProxy: folder layout, sorting, word filtering, live-token marks.
#include "profiles/ProfileFilterProxy.h"
#include "profiles/ProfileStore.h"
#include "profiles/ProfileTreeModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace signet;
using namespace signet::profiles;
using namespace signet::ui;

namespace {

ConnectionProfile makeProfile(const QString &name, const QString &folder, const QStringList &tags = {})
{
    ConnectionProfile profile = ConnectionProfile::create(name, Engine::MySql);
    profile.host = name + u".c9xyz.eu-west-1.rds.amazonaws.com"_s;
    profile.dbUser = u"app"_s;
    profile.folder = folder;
    profile.tags = tags;
    return profile;
}

QStringList rows(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        out << index.data().toString();
        for (const QString &child : rows(model, index))
            out << u"  "_s + child;
    }
    return out;
}

} // namespace

class TestProfileTree final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void layoutFilterAndMarks()
    {
        ProfileStore store(m_dir.filePath(u"profiles.json"_s));
        QVERIFY(store.load().ok());
        ProfileTreeModel model(store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        ProfileFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(0);
        QVERIFY(store.add(makeProfile(u"zeta"_s, {})).ok());
        QVERIFY(store.add(makeProfile(u"orders-prod"_s, u"Production"_s, {u"critical"_s})).ok());
        QVERIFY(store.add(makeProfile(u"billing"_s, u"Production"_s)).ok());
        QVERIFY(store.add(makeProfile(u"orders-stg"_s, u"Staging"_s)).ok());
        QVERIFY(store.add(makeProfile(u"alpha"_s, {})).ok());

        QCOMPARE(rows(proxy), (QStringList{u"Production"_s, u"  billing"_s, u"  orders-prod"_s, u"Staging"_s,
                                           u"  orders-stg"_s, u"alpha"_s, u"zeta"_s}));
        proxy.setFilterText(u"ORDERS"_s);
        QCOMPARE(rows(proxy),
                 (QStringList{u"Production"_s, u"  orders-prod"_s, u"Staging"_s, u"  orders-stg"_s}));
        proxy.setFilterText(u"critical"_s); // a tag
        QCOMPARE(rows(proxy), (QStringList{u"Production"_s, u"  orders-prod"_s}));
        proxy.setFilterText(u"staging"_s); // a folder shows all it holds
        QCOMPARE(rows(proxy), (QStringList{u"Staging"_s, u"  orders-stg"_s}));
        proxy.setFilterText(u"nothing-matches"_s);
        QVERIFY(rows(proxy).isEmpty());
        proxy.setFilterText({});
        QCOMPARE(rows(proxy).size(), 7);

        const QUuid id = store.find(u"alpha"_s)->id;
        model.setTokenSecondsLeft(id, 761);
        QCOMPARE(model.indexOf(id).siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString(),
                 u"12:41"_s);
        model.setTokenSecondsLeft(id, 0);
        QVERIFY(model.indexOf(id).siblingAtColumn(ProfileTreeModel::TokenColumn).data().toString().isEmpty());

        // Inline rename goes through the store and refuses a taken name.
        QSignalSpy refused(&model, &ProfileTreeModel::renameFailed);
        QVERIFY(!model.setData(model.indexOf(id), u"zeta"_s));
        QCOMPARE(refused.count(), 1);
        QVERIFY(model.setData(model.indexOf(id), u"alpha-2"_s));
        QTRY_COMPARE(store.byId(id)->name, u"alpha-2"_s); // saved once the editor has closed
    }
};

QTEST_MAIN(TestProfileTree)
#include "tst_profiletree.moc"
