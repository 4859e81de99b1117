// SPDX-License-Identifier: GPL-3.0-or-later
// Light/dark palettes and Signet's status colours.
#include "common/Theme.h"

#include "common/SettingsKeys.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace signet::ui::theme {

namespace {

const QString kKey = config::key(config::kTheme);

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xff));
    p.setColor(QPalette::Light, window.lighter(150));
    p.setColor(QPalette::Midlight, window.lighter(125));
    p.setColor(QPalette::Mid, window.darker(120));
    p.setColor(QPalette::Dark, window.darker(150));
    p.setColor(QPalette::Shadow, Qt::black);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    // Disabled fields sit back into the window instead of looking editable.
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

QString &systemStyle()
{
    static QString style;
    return style;
}

} // namespace

Choice configured()
{
    const QString value = QSettings().value(kKey, QString::fromLatin1(config::kThemeDefault)).toString();
    if (value == u"dark")
        return Choice::Dark;
    if (value == u"light")
        return Choice::Light;
    return Choice::System;
}

void setConfigured(Choice choice)
{
    QSettings().setValue(kKey, name(choice));
}

QString name(Choice choice)
{
    switch (choice) {
    case Choice::Light:
        return QStringLiteral("light");
    case Choice::Dark:
        return QStringLiteral("dark");
    case Choice::System:
        break;
    }
    return QStringLiteral("system");
}

void apply(Choice choice)
{
    if (systemStyle().isEmpty())
        systemStyle() = QApplication::style()->name();
    if (choice == Choice::System) {
        if (QStyle *style = QStyleFactory::create(systemStyle()))
            QApplication::setStyle(style);
        QApplication::setPalette(QPalette()); // back to the platform's palette
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(choice == Choice::Dark ? darkPalette()
                                                    : QApplication::style()->standardPalette());
}

bool isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor ok()
{
    return isDark() ? QColor(0x66, 0xbb, 0x6a) : QColor(0x2e, 0x7d, 0x32);
}

QColor warning()
{
    return isDark() ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb2, 0x6a, 0x00);
}

QColor error()
{
    return isDark() ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
}

QColor warningBackground()
{
    return isDark() ? QColor(0x5a, 0x45, 0x10) : QColor(0xfc, 0xe8, 0xb2);
}

QColor errorBackground()
{
    return isDark() ? QColor(0x62, 0x24, 0x24) : QColor(0xf4, 0xc7, 0xc3);
}

} // namespace signet::ui::theme
