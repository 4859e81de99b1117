// Self-clearing, concealed clipboard copies of tokens.
#include "common/ConcealedClipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

namespace signet::ui {

ConcealedClipboard::ConcealedClipboard(QObject *parent) : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConcealedClipboard::clearIfOurs);
}

ConcealedClipboard::~ConcealedClipboard()
{
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
    m_timer.start(m_timeoutMs);
    Q_EMIT copied(m_timeoutMs);
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
