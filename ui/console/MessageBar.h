// SPDX-License-Identifier: GPL-3.0-or-later
// MessageBar: a tinted bar above the result grid that says what went wrong, until dismissed.
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace signet::ui {

class MessageBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBar)

public:
    enum class Kind
    {
        Error,
        Warning,
    };

    explicit MessageBar(QWidget *parent = nullptr);

    // Shows the bar with `text` (wrapped; a hint on its own line).
    void showMessage(Kind kind, const QString &text);
    QString text() const;
    Kind kind() const { return m_kind; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QLabel *m_text;
    QToolButton *m_close;
    Kind m_kind = Kind::Error;
};

} // namespace signet::ui
