// SPDX-License-Identifier: GPL-3.0-or-later
// SetupDialog: one row per step, a master password row when it is needed, progress, Check again.
#include "setup/SetupDialog.h"

#include "common/Ask.h"
#include "common/Theme.h"
#include "db/DbLoginStep.h"
#include "profiles/ProfileRoutes.h"
#include "profiles/ProfileService.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFrame>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

namespace signet::ui {

using setup::SetupState;
using setup::SetupStep;
using setup::SetupStepId;

namespace {

const QList<SetupStepId> kSteps{SetupStepId::IamAuth, SetupStepId::Policy, SetupStepId::DbUser,
                                SetupStepId::Login};

QString stateMark(SetupState state)
{
    switch (state) {
    case SetupState::Ok:
        return QStringLiteral("✔");
    case SetupState::Missing:
        return QStringLiteral("✖");
    case SetupState::CannotTell:
    case SetupState::Failed:
        return QStringLiteral("⚠");
    case SetupState::Checking:
    case SetupState::Applying:
        return QStringLiteral("…");
    case SetupState::Unchecked:
        break;
    }
    return QStringLiteral("·");
}

QColor stateColour(SetupState state)
{
    switch (state) {
    case SetupState::Ok:
        return theme::ok();
    case SetupState::Missing:
    case SetupState::Failed:
        return theme::error();
    case SetupState::CannotTell:
        return theme::warning();
    default:
        return {};
    }
}

} // namespace

SetupDialog::SetupDialog(setup::SetupContext context, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Set Up IAM Access — %1").arg(context.profile.name));
    setObjectName(QStringLiteral("setupDialog"));
    m_profileId = context.profile.id;
    m_assistant = new setup::SetupAssistant(std::move(context), this);

    auto *intro = new QLabel(tr("What an IAM login to this database needs, checked in order. Nothing "
                                "changes until you press Apply on a step and confirm it; each change is "
                                "shown first, with the aws command to hand to an administrator instead."),
                             this);
    intro->setWordWrap(true);

    auto *content = new QWidget(this);
    auto *grid = new QGridLayout(content);
    grid->setColumnStretch(1, 1);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    int row = 0;
    for (SetupStepId id : kSteps) {
        StepWidgets widgets;
        widgets.state = new QLabel(content);
        widgets.state->setObjectName(QStringLiteral("state_") + setup::setupStepKey(id));
        widgets.state->setMinimumWidth(24);
        widgets.state->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
        widgets.title = new QLabel(content);
        widgets.title->setTextFormat(Qt::RichText);
        widgets.detail = new QLabel(content);
        widgets.detail->setWordWrap(true);
        widgets.detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
        widgets.preview = new QPlainTextEdit(content);
        widgets.preview->setObjectName(QStringLiteral("preview_") + setup::setupStepKey(id));
        widgets.preview->setReadOnly(true);
        widgets.preview->setFont(mono);
        widgets.preview->setLineWrapMode(QPlainTextEdit::NoWrap);
        widgets.preview->setMaximumHeight(110);
        widgets.apply = new QPushButton(tr("Apply…"), content);
        widgets.apply->setObjectName(QStringLiteral("apply_") + setup::setupStepKey(id));
        widgets.copy = new QPushButton(id == SetupStepId::Policy ? tr("Copy policy") : tr("Copy"), content);
        widgets.copy->setObjectName(QStringLiteral("copy_") + setup::setupStepKey(id));
        auto *buttons = new QVBoxLayout;
        buttons->addWidget(widgets.apply);
        buttons->addWidget(widgets.copy);
        buttons->addStretch(1);
        grid->addWidget(widgets.state, row, 0, 2, 1);
        grid->addWidget(widgets.title, row, 1);
        grid->addWidget(widgets.detail, row + 1, 1);
        grid->addWidget(widgets.preview, row + 2, 1);
        grid->addLayout(buttons, row, 2, 3, 1);
        if (id != kSteps.last()) {
            auto *line = new QFrame(content);
            line->setFrameShape(QFrame::HLine);
            line->setFrameShadow(QFrame::Sunken);
            grid->addWidget(line, row + 3, 0, 1, 3);
        }
        row += 4;
        connect(widgets.apply, &QPushButton::clicked, this, [this, id] { confirmAndApply(id); });
        connect(widgets.copy, &QPushButton::clicked, this, [this, id] {
            const SetupStep &step = m_assistant->step(id);
            QGuiApplication::clipboard()->setText(
                id == SetupStepId::Policy && !step.change.policyJson.isEmpty() ? step.change.policyJson
                                                                               : preview(step));
        });
        m_rows.insert(int(id), widgets);
    }
    grid->setRowStretch(row, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    // The master user's password, typed once for the database-user step; never stored.
    m_masterRow = new QWidget(this);
    auto *master = new QHBoxLayout(m_masterRow);
    master->setContentsMargins(0, 0, 0, 0);
    auto *masterLabel = new QLabel(tr("The database user is made by the master user:"), m_masterRow);
    m_masterUser = new QLineEdit(m_masterRow);
    m_masterUser->setObjectName(QStringLiteral("masterUserEdit"));
    m_masterUser->setPlaceholderText(tr("master user"));
    m_masterPassword = new QLineEdit(m_masterRow);
    m_masterPassword->setObjectName(QStringLiteral("masterPasswordEdit"));
    m_masterPassword->setEchoMode(QLineEdit::Password);
    m_masterPassword->setPlaceholderText(tr("master password (not stored)"));
    m_useMaster = new QPushButton(tr("&Use"), m_masterRow);
    m_useMaster->setObjectName(QStringLiteral("useMasterButton"));
    master->addWidget(masterLabel);
    master->addWidget(m_masterUser, 1);
    master->addWidget(m_masterPassword, 1);
    master->addWidget(m_useMaster);
    m_masterRow->setVisible(false);
    auto useMaster = [this] {
        if (m_masterPassword->text().isEmpty() || m_assistant->isBusy())
            return;
        m_assistant->setMasterLogin(
            {m_masterUser->text().trimmed(), SecretString::fromUtf8(m_masterPassword->text())});
        m_masterPassword->clear();
        m_assistant->checkStep(SetupStepId::DbUser);
        updateButtons();
    };
    connect(m_useMaster, &QPushButton::clicked, this, useMaster);
    connect(m_masterPassword, &QLineEdit::returnPressed, this, useMaster);

    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("setupProgress"));
    m_progress->setWordWrap(true);
    m_checkAgain = new QPushButton(tr("Check &again"), this);
    m_checkAgain->setObjectName(QStringLiteral("checkAgainButton"));
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->addButton(m_checkAgain, QDialogButtonBox::ActionRole);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_checkAgain, &QPushButton::clicked, this, [this] {
        m_assistant->check();
        updateButtons();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_masterRow);
    layout->addWidget(m_progress);
    layout->addWidget(close);

    connect(m_assistant, &setup::SetupAssistant::stepChanged, this, [this](SetupStepId id) {
        showStep(id);
        updateButtons();
    });
    connect(m_assistant, &setup::SetupAssistant::progressed, this,
            [this](SetupStepId, const QString &line) { m_progress->setText(line); });
    connect(m_assistant, &setup::SetupAssistant::checkFinished, this, [this] {
        m_progress->clear();
        updateButtons();
        if (std::all_of(kSteps.cbegin(), kSteps.cend(),
                        [this](SetupStepId id) { return m_assistant->step(id).state == SetupState::Ok; })) {
            m_progress->setText(tr("Everything is in place: this profile logs in with IAM."));
            Q_EMIT allDone();
        }
    });
    connect(m_assistant, &setup::SetupAssistant::applyFinished, this, [this](SetupStepId id, bool succeeded) {
        updateButtons();
        if (!succeeded)
            return;
        // A change can make the next steps decidable (the user now exists, the login can pass).
        m_progress->setText(tr("%1: done. Checking the steps again…").arg(m_assistant->step(id).title));
        m_assistant->check();
    });

    for (SetupStepId id : kSteps)
        showStep(id);
    resize(860, 640);
    updateButtons();
    QTimer::singleShot(0, this, [this] {
        m_progress->setText(tr("Checking…"));
        m_assistant->check();
        updateButtons();
    });
}

void SetupDialog::open(const Opener &opener, const profiles::ConnectionProfile &profile)
{
    for (SetupDialog *open : opener.parent->findChildren<SetupDialog *>()) {
        if (open->profileId() == profile.id) {
            open->raise();
            open->activateWindow();
            return;
        }
    }
    opener.say(tr("Looking up the credentials of \"%1\"…").arg(profile.name));
    // Credentials (for the AWS calls), the signer (for the login), then the route.
    opener.profiles->credentials(profile).then(
        opener.parent, [opener, profile](Result<aws::ResolvedCredentials> credentials) {
            if (!credentials)
                return opener.say(tr("Set up IAM access: %1").arg(credentials.error().toString()));
            opener.profiles->tokenSigner(profile).then(opener.parent, [opener, profile,
                                                                       resolved = credentials->credentials](
                                                                          Result<db::DbTokenSigner> signer) {
                if (!signer)
                    return opener.say(tr("Set up IAM access: %1").arg(signer.error().toString()));
                profiles::ProfileRoutes(*opener.tunnels, opener.profiles)
                    .acquire(profile, [opener, profile, resolved,
                                       signer = *signer](Result<profiles::RoutedProfile> routed) {
                        if (!routed)
                            return opener.routeFailed(routed.error());
                        const auto dbTarget = opener.profiles->dbTarget(routed->profile);
                        const auto loginTarget = opener.profiles->probeTarget(routed->profile);
                        if (!dbTarget || !loginTarget)
                            return opener.say((dbTarget ? loginTarget.error() : dbTarget.error()).toString());
                        for (SetupDialog *open : opener.parent->findChildren<SetupDialog *>()) {
                            if (open->profileId() == profile.id)
                                return open->raise(); // a second click while the first looked up
                        }
                        const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                        setup::SetupContext context;
                        context.profile = profile;
                        context.credentials = resolved;
                        context.endpoints = aws::ServiceEndpoints(environment);
                        context.dbTarget = *dbTarget;
                        context.loginTarget = *loginTarget;
                        context.login = db::DbLoginStep::make(signer);
                        context.grantDatabase = profile.database;
                        context.pollIntervalMs = setup::SetupContext::pollIntervalFrom(environment);
                        auto *dialog = new SetupDialog(std::move(context), opener.parent);
                        dialog->setAttribute(Qt::WA_DeleteOnClose);
                        // The dialog holds the route's tunnel while it is open.
                        if (routed->lease)
                            connect(dialog, &QObject::destroyed, opener.tunnels,
                                    [lease = routed->lease]() mutable { lease.reset(); });
                        opener.say({});
                        dialog->show();
                    });
            });
        });
}

SetupDialog::~SetupDialog()
{
    m_assistant->cancel();
    m_masterPassword->clear();
}

QString SetupDialog::preview(const SetupStep &step)
{
    if (step.change.isEmpty())
        return {};
    QStringList lines{step.change.summary, QString()};
    lines << (step.change.isSql ? tr("SQL (run as the master user over verified TLS):") : tr("Request:"));
    for (const QString &line : step.change.requests)
        lines << QStringLiteral("  ") + line;
    if (!step.change.awsCli.isEmpty()) {
        lines << QString() << tr("Or with the AWS CLI:");
        for (const QString &line : step.change.awsCli)
            lines << QStringLiteral("  ") + line;
    }
    if (!step.change.policyJson.isEmpty())
        lines << QString() << tr("Policy:") << step.change.policyJson.trimmed();
    return lines.join(u'\n');
}

void SetupDialog::showStep(SetupStepId id)
{
    const SetupStep &step = m_assistant->step(id);
    StepWidgets &widgets = m_rows[int(id)];
    widgets.title->setText(
        QStringLiteral("<b>%1</b> — %2")
            .arg(step.title.toHtmlEscaped(), setup::setupStateText(step.state).toHtmlEscaped()));
    widgets.state->setText(stateMark(step.state));
    const QColor colour = stateColour(step.state);
    widgets.state->setStyleSheet(
        colour.isValid() ? QStringLiteral("color: %1; font-weight: bold;").arg(colour.name()) : QString());
    QStringList detail;
    if (!step.detail.isEmpty())
        detail << step.detail;
    if (step.error && !step.error->hintFor(FrontEnd::Gui).isEmpty())
        detail << step.error->hintFor(FrontEnd::Gui);
    for (const QString &line : step.done)
        detail << tr("Done: %1").arg(line);
    widgets.detail->setText(detail.join(u'\n'));
    const QString text = step.state == SetupState::Ok ? QString() : preview(step);
    widgets.preview->setPlainText(text);
    widgets.preview->setVisible(!text.isEmpty());
}

void SetupDialog::updateButtons()
{
    const bool busy = m_assistant->isBusy();
    for (SetupStepId id : kSteps) {
        const SetupStep &step = m_assistant->step(id);
        StepWidgets &widgets = m_rows[int(id)];
        const bool canApply =
            step.state == SetupState::Missing && !step.change.isEmpty() && id != SetupStepId::Login;
        widgets.apply->setVisible(id != SetupStepId::Login);
        widgets.apply->setEnabled(canApply && !busy);
        widgets.copy->setEnabled(!step.change.isEmpty() && step.state != SetupState::Ok);
    }
    m_checkAgain->setEnabled(!busy);
    // Asked for when the database has no managed secret, and again when the login tried was refused
    // or could not be read, so a wrong password can be corrected.
    const SetupState user = m_assistant->step(SetupStepId::DbUser).state;
    m_masterRow->setVisible(m_assistant->needsMasterPassword() || user == SetupState::CannotTell ||
                            user == SetupState::Failed);
    m_useMaster->setEnabled(!busy);
    if (m_masterUser->text().isEmpty() && !m_assistant->masterUser().isEmpty())
        m_masterUser->setText(m_assistant->masterUser());
}

void SetupDialog::confirmAndApply(SetupStepId id)
{
    const SetupStep &step = m_assistant->step(id);
    if (step.change.isEmpty() || m_assistant->isBusy())
        return;
    Ask::Question question;
    question.title = tr("Apply this change?");
    question.text = step.change.summary;
    question.details = preview(step);
    question.answers = {Ask::Answer::Proceed, Ask::Answer::Cancel};
    question.defaultAnswer = Ask::Answer::Cancel;
    question.label = [](Ask::Answer answer) {
        return answer == Ask::Answer::Proceed ? tr("Apply") : QString();
    };
    if (Ask::question(this, question) != Ask::Answer::Proceed)
        return;
    m_progress->setText(tr("%1…").arg(step.change.summary));
    m_assistant->apply(id);
    updateButtons();
}

QString SetupDialog::stateText(SetupStepId id) const
{
    const auto found = m_rows.constFind(int(id));
    return found == m_rows.cend() ? QString() : found->title->text() + u'\n' + found->detail->text();
}

QString SetupDialog::previewText(SetupStepId id) const
{
    const auto found = m_rows.constFind(int(id));
    return found == m_rows.cend() ? QString() : found->preview->toPlainText();
}

QPushButton *SetupDialog::applyButton(SetupStepId id) const
{
    return m_rows.value(int(id)).apply;
}

QPushButton *SetupDialog::copyButton(SetupStepId id) const
{
    return m_rows.value(int(id)).copy;
}

QString SetupDialog::progressText() const
{
    return m_progress->text();
}

} // namespace signet::ui
