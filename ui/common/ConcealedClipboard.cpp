// SPDX-License-Identifier: GPL-3.0-or-later
// Self-clearing, concealed clipboard copies of tokens.
#include "common/ConcealedClipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QSettings>

namespace signet::ui {

int ConcealedClipboard::configuredTimeoutMs()
{
    const int seconds =
        QSettings().value(config::key(config::kClipboardTimeoutSeconds), DefaultTimeoutSeconds).toInt();
    return qBound(MinTimeoutSeconds, seconds, MaxTimeoutSeconds) * 1000;
}

ConcealedClipboard::ConcealedClipboard(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConcealedClipboard::clearIfOurs);
}

ConcealedClipboard::~ConcealedClipboard()
{
    // On quit: clear, but tell no one — the widgets listening to cleared() are being destroyed too.
    blockSignals(true);
    clearIfOurs();
}

void ConcealedClipboard::copySecret(const QString &text)
{
    auto *mime = new QMimeData;
    mime->setText(text);
    // KDE Klipper and other managers honour this hint and keep the entry out of their history.
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(mime, QClipboard::Clipboard);
    m_copied = text;
    const int timeoutMs = timeout();
    m_timer.start(timeoutMs);
    Q_EMIT copied(timeoutMs);
}

void ConcealedClipboard::clearIfOurs()
{
    m_timer.stop();
    if (m_copied.isEmpty())
        return;
    QClipboard *clipboard = QGuiApplication::clipboard();
    if (clipboard && clipboard->text(QClipboard::Clipboard) == m_copied)
        clipboard->clear(QClipboard::Clipboard);
    m_copied.fill(u'\0');
    m_copied.clear();
    Q_EMIT cleared();
}

} // namespace signet::ui
