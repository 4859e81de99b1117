// SPDX-License-Identifier: GPL-3.0-or-later
// ResultModel's CSV/JSON writer: an export fixed at N rows stays valid while more rows stream in,
// NULL and text cells come out as JSON null and strings, and an empty result is an empty array.
#include "console/ResultModel.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using signet::db::ResultChunk;
using signet::ui::ResultModel;

namespace {

ResultChunk rows(int from, int count)
{
    ResultChunk chunk(2);
    for (int i = from; i < from + count; ++i) {
        chunk.appendCell(QByteArray::number(i));
        if (i % 2)
            chunk.appendNull();
        else
            chunk.appendCell(QByteArray(QByteArray("row ") + QByteArray::number(i)));
    }
    return chunk;
}

QByteArray exportInSteps(const ResultModel &model, ResultModel::Format format, int total, int step,
                         const std::function<void()> &betweenSteps = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    for (int from = 0; from == 0 || from < total; from += step) {
        model.write(buffer, format, from, step, total);
        if (betweenSteps)
            betweenSteps();
    }
    return buffer.data();
}

} // namespace

class TestResultModel final : public QObject
{
    Q_OBJECT

private slots:
    void jsonExportIgnoresRowsArrivingDuringIt()
    {
        ResultModel model;
        model.reset(1, {QStringLiteral("id"), QStringLiteral("label")});
        QVERIFY(model.append(1, rows(0, 5)));
        int next = 5;
        // The export was started with 5 rows; the worker keeps streaming 3 more after every step.
        const QByteArray json = exportInSteps(model, ResultModel::Format::Json, 5, 2, [&] {
            model.append(1, rows(next, 3));
            next += 3;
        });
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray array = document.array();
        QCOMPARE(array.size(), 5);
        QCOMPARE(array.at(0).toObject().value(u"label").toString(), QStringLiteral("row 0"));
        QVERIFY(array.at(1).toObject().value(u"label").isNull());
        QCOMPARE(array.at(4).toObject().value(u"id").toString(), QStringLiteral("4"));
        QVERIFY(model.rowCount() > 5);
    }

    void csvExportWritesExactlyTheRowsAsked()
    {
        ResultModel model;
        model.reset(7, {QStringLiteral("id"), QStringLiteral("label")});
        model.append(7, rows(0, 4));
        const QByteArray csv =
            exportInSteps(model, ResultModel::Format::Csv, 3, 2, [&] { model.append(7, rows(4, 10)); });
        const QList<QByteArray> lines = csv.trimmed().split('\n');
        QCOMPARE(lines.size(), 4); // the header and three rows
        QVERIFY(lines.at(0).startsWith("id,label"));
        QVERIFY(lines.at(3).startsWith("2,"));
    }

    void emptyResultIsAnEmptyJsonArray()
    {
        ResultModel model;
        model.reset(3, {QStringLiteral("id")});
        const QByteArray json = exportInSteps(model, ResultModel::Format::Json, 0, 100);
        QCOMPARE(QJsonDocument::fromJson(json).isArray(), true);
        QCOMPARE(QJsonDocument::fromJson(json).array().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestResultModel)
#include "tst_result_model.moc"
