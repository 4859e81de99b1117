// SPDX-License-Identifier: GPL-3.0-or-later
// One-line label with an ellipsis and the full text on hover.
#include "common/ElidedLabel.h"

#include <QEvent>
#include <QFontMetrics>
#include <QLayout>
#include <QTimer>

namespace signet::ui {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    // Preferred: as wide as the whole text when there is room, down to a few letters when not.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    if (text == m_fullText && !text.isEmpty())
        return;
    const QSize before = sizeHint();
    m_fullText = text;
    updateGeometry();
    // updateGeometry() alone left the token strip laid out for the previous texts until something
    // else resized it (seen at 1366 px: "No live tok…" beside empty room). When the wanted size
    // changes, the enclosing layouts are redone once the current event is over.
    if (sizeHint() != before && !m_relayoutPending) {
        m_relayoutPending = true;
        QTimer::singleShot(0, this, [this] {
            m_relayoutPending = false;
            for (QWidget *ancestor = parentWidget(); ancestor && !ancestor->isWindow();
                 ancestor = ancestor->parentWidget()) {
                if (ancestor->layout())
                    ancestor->layout()->invalidate();
            }
        });
    }
    elide();
}

void ElidedLabel::setDetails(const QString &details)
{
    m_details = details;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QFontMetrics metrics(font());
    return {metrics.horizontalAdvance(QStringLiteral("Mm…")), QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QFontMetrics metrics(font());
    const QMargins margins = contentsMargins();
    // +2: elidedText() measures in fractional pixels, horizontalAdvance() rounds; without the slack a
    // label given exactly its size hint still cut its last letters.
    return {metrics.horizontalAdvance(m_fullText) + margins.left() + margins.right() + 2 * margin() + 2,
            QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        elide();
}

void ElidedLabel::elide()
{
    const int width = contentsRect().width() - 2 * margin();
    const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideRight, qMax(0, width));
    if (text() != shown)
        setText(shown);
    setToolTip(!m_details.isEmpty() ? m_details : (shown != m_fullText ? m_fullText : QString()));
}

} // namespace signet::ui
