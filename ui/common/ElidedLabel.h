// SPDX-License-Identifier: GPL-3.0-or-later
// ElidedLabel: one line of plain text that shrinks with an ellipsis and shows all of it on hover.
#pragma once

#include <QLabel>

namespace signet::ui {

// For rows that must stay one line high at any width: the text is cut with "…" to fit, and the
// whole text is the tooltip while it is cut (unless a tooltip of its own was set).
class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_fullText; }
    // A tooltip shown whether or not the text is cut (empty: the full text when it is cut).
    void setDetails(const QString &details);
    QString details() const { return m_details; }
    bool isElided() const { return text() != m_fullText; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_fullText;
    bool m_relayoutPending = false;
    QString m_details;
};

} // namespace signet::ui
