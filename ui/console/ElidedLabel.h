// ElidedLabel: one line that shrinks with "…" instead of overlapping its neighbours; full text on hover.
#pragma once

#include <QLabel>

namespace signet::ui {

class ElidedLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    // text() stays the full text; what is painted is elided to the width.
    void setFullText(const QString &text);
    bool isElided() const;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateToolTip();
};

} // namespace signet::ui
